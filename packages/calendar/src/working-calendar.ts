/**
 * Working-day arithmetic for the legal clock (行政许可法 Art. 82: periods are counted in working days, statutory
 * holidays excluded). See README.md for the rules with worked examples.
 *
 * Everything reduces to two non-decreasing step functions of an instant `t`, so that the operations agree with one
 * another by construction:
 * - `K(t)`, the number of working-day cut-offs at or before `t` (a potential: only differences mean something);
 * - `W(t)`, the working time (inside office hours, on working days) elapsed up to `t`, likewise a potential.
 *
 * Working days are numbered by `C(d)`, the number of working days before day `d`: weekdays before `d` by formula,
 * corrected by the exceptions before `d` (binary search over their prefix sums), so no operation walks day by day.
 */

import {
  DAY_MS,
  MINUTE_MS,
  dayNumberOf,
  formatDayNumber,
  formatInstantAt,
  isWeekend,
  minutesOfTime,
  parseInstant,
  weekdaysBefore,
  yearOfDayNumber,
  type CalendarDate,
  type InstantInput,
} from './calendar-date';
import { CalendarDataError, type CalendarIssue } from './errors';

/**
 * A day that departs from the default rule (Monday to Friday working, Saturday and Sunday rest): a holiday, or a
 * make-up working day (调休上班). A holiday on a weekend or a working day on a weekday changes nothing but is allowed,
 * so that a notice's holiday ranges can be stored whole.
 */
export interface CalendarException {
  /** `YYYY-MM-DD` on the calendar's wall clock. */
  date: CalendarDate;
  kind: 'holiday' | 'workday';
  /** Name in Chinese, e.g. `春节` or `春节调休上班`. */
  name?: string;
}

/** Office hours on the wall clock, `HH:MM` (00:00–23:59), `start` before `end`. */
export interface OfficeHours {
  start: string;
  end: string;
}

/** Options of {@link createCalendar}. */
export interface CalendarOptions {
  /** Offset of the wall clock from UTC in minutes. Default 480 (China Standard Time, which has no daylight saving). */
  utcOffsetMinutes?: number;
  /** Default `{ start: '09:00', end: '17:00' }`. */
  officeHours?: OfficeHours;
  /**
   * Time of day (`HH:MM`) from which something received counts as received on the next working day, and at which
   * every period ends. After `officeHours.start` and not after `officeHours.end`; default `officeHours.end`.
   */
  cutoff?: string;
  /** Years whose exceptions are provisional (not yet from a published notice); reported by the coverage. */
  provisionalYears?: readonly number[];
}

/** Which years the exceptions cover: outside them the calendar falls back to the weekday rule. */
export interface CalendarCoverage {
  readonly firstYear: number;
  readonly lastYear: number;
  /** Every year that has at least one exception, ascending. */
  readonly years: readonly number[];
  /** The subset of `years` marked provisional in the options. */
  readonly provisionalYears: readonly number[];
}

/**
 * How far data stands behind a date: `published` (a year with exceptions from a notice), `provisional` (a year
 * marked provisional) or `missing` (no exception in that year: the weekday rule alone, so the runtime should warn).
 */
export type CoverageStatus = 'published' | 'provisional' | 'missing';

/** Where a running period stands, for yellow and red warnings. */
export interface DueProgress {
  /**
   * Share of the period's working time used, from the cut-off of the receipt day (the period's first instant) to
   * `now`: 0 before it, 1 at `due`, above 1 when overdue. A period with no working time reads 0 before `due`, 1
   * from it on.
   */
  readonly used: number;
  /**
   * Working days left: the working-day cut-offs after `now` up to `due`, so `n` at the start of an `n`-day period,
   * 1 on the due day before its cut-off and 0 at `due`. Once overdue, minus the working-day cut-offs passed since
   * `due` (0 until the next one).
   */
  readonly workingDaysLeft: number;
  /** Working milliseconds from `now` to `due`; negative once overdue. */
  readonly workingMillisLeft: number;
  /** Whether `now` is after `due` (an act at `due` itself is in time). */
  readonly overdue: boolean;
}

/**
 * A working-day calendar. Instants go in as a `Date` or an ISO-8601 string (`2025-09-30T18:00:00+08:00`; without
 * an offset a string is read on the calendar's wall clock) and come out as `Date`. Dates go in as `YYYY-MM-DD` (or
 * any instant, meaning its date on the wall clock) and come out as `YYYY-MM-DD`. Invalid input throws `RangeError`.
 */
export interface WorkingCalendar {
  readonly utcOffsetMinutes: number;
  readonly officeHours: Readonly<OfficeHours>;
  readonly cutoff: string;
  /** Length of one working day's office hours in milliseconds (8 h = 28 800 000 by default). */
  readonly workingDayMillis: number;
  /** Years covered by the exceptions; `null` when there are none (the weekday rule everywhere). */
  readonly coverage: CalendarCoverage | null;

  /** Whether the data for the year of `date` is published, provisional or missing. */
  coverageOf(date: InstantInput): CoverageStatus;
  /** The exception recorded for `date`, if any (to show why a day is off or on). */
  exceptionOn(date: InstantInput): CalendarException | undefined;
  /** Whether `date` is a working day: an exception's kind if there is one, else Monday to Friday. */
  isWorkingDay(date: InstantInput): boolean;
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: InstantInput): CalendarDate;
  /** The last working day strictly before `date`. */
  previousWorkingDay(date: InstantInput): CalendarDate;

  /** The wall-clock date of an instant. */
  dateOf(instant: InstantInput): CalendarDate;
  /** The instant of the cut-off on `date` (whether or not it is a working day). */
  cutoffOf(date: InstantInput): Date;
  /** An instant as ISO-8601 on the calendar's wall clock, e.g. `2025-10-13T17:00:00.000+08:00`. */
  format(instant: InstantInput): string;

  /**
   * The cut-off rule: the working day something received at `instant` counts as received on. That day itself when
   * it is a working day and `instant` is before its cut-off; otherwise the next working day. Non-decreasing.
   */
  receiptDate(instant: InstantInput): CalendarDate;
  /**
   * The end of a period of `n` working days started by something received at `instant`: the cut-off of the `n`-th
   * working day after the receipt day, which itself is not counted (期间开始的当日不计入); `n = 0` gives the cut-off
   * of the receipt day, a negative `n` the cut-off of the `|n|`-th working day before it. Always a working day's
   * cut-off; strictly increasing in `n`, non-decreasing in `instant`.
   *
   * @throws RangeError when `n` is not an integer.
   */
  addWorkingDays(instant: InstantInput, n: number): Date;
  /**
   * Whole working days elapsed from `from` to `to` under the same rule: the working days after the receipt day of
   * `from` whose cut-off is at or before `to`; 0 when there is none (never negative). For every `n >= 0`,
   * `countWorkingDays(x, y) >= n` exactly when `addWorkingDays(x, n) <= y`, so
   * `countWorkingDays(x, addWorkingDays(x, n)) === n`.
   */
  countWorkingDays(from: InstantInput, to: InstantInput): number;
  /**
   * Working time between two instants in milliseconds: time inside office hours on working days. Signed
   * (negative when `to` is before `from`) and additive: `between(a, b) + between(b, c) === between(a, c)`.
   */
  workingMillisBetween(from: InstantInput, to: InstantInput): number;
  /**
   * The instant `ms` working milliseconds after `instant` (before it when negative): the earliest instant with
   * that much working time since `instant` (for a negative `ms`, the latest one before it), so a result never lies
   * in a rest period except `instant` itself for `ms = 0`. `workingMillisBetween(x, addWorkingMillis(x, ms)) ===
   * ms`; non-decreasing in both arguments. The runtime pushes a deadline by the working time of a suspension
   * (补正, Art. 45) with it.
   *
   * @throws RangeError when `ms` is not an integer.
   */
  addWorkingMillis(instant: InstantInput, ms: number): Date;
  /**
   * Progress of a period that started at `start` (the instant passed to {@link addWorkingDays}) and ends at `due`,
   * seen at `now`.
   */
  dueProgress(start: InstantInput, due: InstantInput, now: InstantInput): DueProgress;
}

const DEFAULT_OFFSET_MINUTES = 480;
const DEFAULT_OFFICE_HOURS: OfficeHours = { start: '09:00', end: '17:00' };

/**
 * Checks a list of exceptions: every date real and `YYYY-MM-DD`, every kind `holiday` or `workday`, no date twice.
 * Returns the issues found, empty when the list is usable by {@link createCalendar}.
 */
export function checkExceptions(exceptions: readonly CalendarException[]): CalendarIssue[] {
  const issues: CalendarIssue[] = [];
  const seen = new Set<number>();
  exceptions.forEach((exception, index) => {
    const day = dayNumberOf(exception.date);
    if (day === null) {
      issues.push({ index, date: exception.date, code: 'TB_CALENDAR_DATE_INVALID' });
    } else if (seen.has(day)) {
      issues.push({ index, date: exception.date, code: 'TB_CALENDAR_DATE_DUPLICATE' });
    } else {
      seen.add(day);
    }
    if (exception.kind !== 'holiday' && exception.kind !== 'workday') {
      issues.push({ index, date: exception.date, code: 'TB_CALENDAR_KIND_INVALID' });
    }
  });
  return issues;
}

function timeOption(label: string, text: string): number {
  const minutes = minutesOfTime(text);
  if (minutes === null) throw new RangeError(`@tongban/calendar: ${label} must be HH:MM between 00:00 and 23:59`);
  return minutes;
}

/** The first index in ascending `values` whose value is at least `target`. */
function lowerBound(values: readonly number[], target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Builds a {@link WorkingCalendar} over a list of exceptions (for instance the runtime's `calendar_day` rows, or
 * the seed's). The list is copied; the calendar is immutable.
 *
 * @throws CalendarDataError when {@link checkExceptions} finds an issue; RangeError for invalid options.
 */
export function createCalendar(
  exceptions: readonly CalendarException[],
  options: CalendarOptions = {},
): WorkingCalendar {
  const issues = checkExceptions(exceptions);
  if (issues.length > 0) throw new CalendarDataError(issues);

  const offset = options.utcOffsetMinutes ?? DEFAULT_OFFSET_MINUTES;
  if (!Number.isInteger(offset) || offset < -720 || offset > 840) {
    throw new RangeError('@tongban/calendar: utcOffsetMinutes must be an integer from -720 to 840');
  }
  const officeHours = { ...(options.officeHours ?? DEFAULT_OFFICE_HOURS) };
  const startMinutes = timeOption('officeHours.start', officeHours.start);
  const endMinutes = timeOption('officeHours.end', officeHours.end);
  const cutoff = options.cutoff ?? officeHours.end;
  const cutoffMinutes = timeOption('cutoff', cutoff);
  if (startMinutes >= endMinutes) throw new RangeError('@tongban/calendar: officeHours.start must be before end');
  if (cutoffMinutes <= startMinutes || cutoffMinutes > endMinutes) {
    throw new RangeError('@tongban/calendar: cutoff must be after officeHours.start and not after officeHours.end');
  }

  const offsetMs = offset * MINUTE_MS;
  const openMs = startMinutes * MINUTE_MS;
  const dayLength = (endMinutes - startMinutes) * MINUTE_MS;
  const cutoffMs = cutoffMinutes * MINUTE_MS;

  const byDay = new Map<number, CalendarException>();
  for (const exception of exceptions) {
    byDay.set(dayNumberOf(exception.date)!, { ...exception });
  }
  // Only a holiday on a weekday or a working day on a weekend moves the working-day count.
  const shiftDays: number[] = [];
  const shiftPrefix: number[] = [0];
  for (const day of [...byDay.keys()].sort((a, b) => a - b)) {
    const weekend = isWeekend(day);
    const kind = byDay.get(day)!.kind;
    if ((kind === 'holiday') === weekend) continue;
    shiftDays.push(day);
    shiftPrefix.push(shiftPrefix[shiftPrefix.length - 1]! + (kind === 'workday' ? 1 : -1));
  }

  const years = [...new Set([...byDay.keys()].map(yearOfDayNumber))].sort((a, b) => a - b);
  const provisionalYears = new Set(options.provisionalYears ?? []);
  const coverage: CalendarCoverage | null =
    years.length === 0
      ? null
      : {
          firstYear: years[0]!,
          lastYear: years[years.length - 1]!,
          years,
          provisionalYears: years.filter((year) => provisionalYears.has(year)),
        };

  /** C(d): working days before day `d`, relative to a fixed origin. */
  const workingDaysBefore = (day: number): number =>
    weekdaysBefore(day) + shiftPrefix[lowerBound(shiftDays, day)]!;

  const isWorking = (day: number): boolean => {
    const exception = byDay.get(day);
    return exception === undefined ? !isWeekend(day) : exception.kind === 'workday';
  };

  /** The working day `d` with C(d) = `index`: the smallest day with C(d + 1) > index. */
  const workingDayAt = (index: number): number => {
    // Weekdays alone put that day near 7/5 of the index; exceptions shift it by at most their count.
    const slack = shiftDays.length + 2;
    const estimate = 4 + Math.floor(index / 5) * 7;
    let lo = estimate - Math.ceil((slack * 7) / 5) - 7;
    let hi = estimate + Math.ceil((slack * 7) / 5) + 7;
    while (workingDaysBefore(lo + 1) > index) lo -= 7 * slack;
    while (workingDaysBefore(hi + 1) <= index) hi += 7 * slack;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (workingDaysBefore(mid + 1) > index) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  const dayOfInstant = (epochMs: number): number => Math.floor((epochMs + offsetMs) / DAY_MS);
  const instantAt = (day: number, msOfDay: number): number => day * DAY_MS + msOfDay - offsetMs;

  const toDay = (input: InstantInput): number => {
    if (typeof input === 'string') {
      const day = dayNumberOf(input);
      if (day !== null) return day;
    }
    return dayOfInstant(parseInstant(input, offset));
  };
  const toMs = (input: InstantInput): number => parseInstant(input, offset);

  /** K(t): working-day cut-offs at or before `t`. */
  const cutoffsUpTo = (epochMs: number): number => {
    const day = dayOfInstant(epochMs);
    const msOfDay = epochMs - instantAt(day, 0);
    return workingDaysBefore(msOfDay >= cutoffMs ? day + 1 : day);
  };

  /** W(t): working milliseconds up to `t`. */
  const workingTimeUpTo = (epochMs: number): number => {
    const day = dayOfInstant(epochMs);
    const msOfDay = epochMs - instantAt(day, 0);
    const today = isWorking(day) ? Math.min(Math.max(msOfDay - openMs, 0), dayLength) : 0;
    return workingDaysBefore(day) * dayLength + today;
  };

  /** The earliest (`later`) or latest instant at which W reaches `target`. */
  const instantOfWorkingTime = (target: number, later: boolean): number => {
    const index = later ? Math.ceil(target / dayLength) - 1 : Math.floor(target / dayLength);
    return instantAt(workingDayAt(index), openMs + target - index * dayLength);
  };

  const requireInteger = (label: string, value: number): void => {
    if (!Number.isSafeInteger(value)) throw new RangeError(`@tongban/calendar: ${label} must be an integer`);
  };

  const calendar: WorkingCalendar = {
    utcOffsetMinutes: offset,
    officeHours: Object.freeze(officeHours),
    cutoff,
    workingDayMillis: dayLength,
    coverage,

    coverageOf(date) {
      const year = yearOfDayNumber(toDay(date));
      if (!years.includes(year)) return 'missing';
      return provisionalYears.has(year) ? 'provisional' : 'published';
    },
    exceptionOn(date) {
      const exception = byDay.get(toDay(date));
      return exception === undefined ? undefined : { ...exception };
    },
    isWorkingDay(date) {
      return isWorking(toDay(date));
    },
    nextWorkingDay(date) {
      return formatDayNumber(workingDayAt(workingDaysBefore(toDay(date) + 1)));
    },
    previousWorkingDay(date) {
      return formatDayNumber(workingDayAt(workingDaysBefore(toDay(date)) - 1));
    },

    dateOf(instant) {
      return formatDayNumber(dayOfInstant(toMs(instant)));
    },
    cutoffOf(date) {
      return new Date(instantAt(toDay(date), cutoffMs));
    },
    format(instant) {
      return formatInstantAt(toMs(instant), offset);
    },

    receiptDate(instant) {
      return formatDayNumber(workingDayAt(cutoffsUpTo(toMs(instant))));
    },
    addWorkingDays(instant, n) {
      requireInteger('n', n);
      return new Date(instantAt(workingDayAt(cutoffsUpTo(toMs(instant)) + n), cutoffMs));
    },
    countWorkingDays(from, to) {
      return Math.max(0, cutoffsUpTo(toMs(to)) - cutoffsUpTo(toMs(from)) - 1);
    },
    workingMillisBetween(from, to) {
      return workingTimeUpTo(toMs(to)) - workingTimeUpTo(toMs(from));
    },
    addWorkingMillis(instant, ms) {
      requireInteger('ms', ms);
      const at = toMs(instant);
      if (ms === 0) return new Date(at);
      return new Date(instantOfWorkingTime(workingTimeUpTo(at) + ms, ms > 0));
    },
    dueProgress(start, due, now) {
      const dueMs = toMs(due);
      const nowMs = toMs(now);
      // The period starts at the cut-off of the receipt day: the receipt day itself is not counted.
      const receiptIndex = cutoffsUpTo(toMs(start));
      const periodStart = instantAt(workingDayAt(receiptIndex), cutoffMs);
      const total = workingTimeUpTo(dueMs) - workingTimeUpTo(periodStart);
      const elapsed = workingTimeUpTo(nowMs) - workingTimeUpTo(periodStart);
      const used = total > 0 ? Math.max(0, elapsed) / total : nowMs >= dueMs ? 1 : 0;
      return {
        used,
        workingDaysLeft: cutoffsUpTo(dueMs) - Math.max(cutoffsUpTo(nowMs), receiptIndex + 1),
        workingMillisLeft: workingTimeUpTo(dueMs) - workingTimeUpTo(nowMs),
        overdue: nowMs > dueMs,
      };
    },
  };
  return Object.freeze(calendar);
}
