/**
 * Seed data: the holiday arrangements the State Council publishes each year (国务院办公厅关于某年部分节假日安排的通知),
 * kept as arrangements with their source and expanded to the day-by-day {@link CalendarException} rows the runtime
 * stores in `calendar_day`.
 */

import { dayNumberOf, formatDayNumber, type CalendarDate } from './calendar-date';
import { CN_2024_2027 } from './data/cn-2024-2027';
import type { CalendarException } from './working-calendar';

/** Where a year's data comes from. */
export interface SeedSource {
  /** Document number, e.g. `国办发明电〔2024〕12号`. */
  readonly notice: string;
  readonly title: string;
  /** Date the document is signed. */
  readonly issuedOn: CalendarDate;
  readonly url?: string;
}

/** One item of a notice: the days off for a festival and the make-up working days (调休上班) that go with them. */
export interface HolidayArrangement {
  /** Festival as the notice names the item, e.g. `春节` or `国庆节、中秋节`. */
  readonly festival: string;
  /** First and last day off, inclusive, as the notice gives them (a day joined to a weekend counts alone). */
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  /** Total days off when the notice states it (`共8天`). */
  readonly days?: number;
  /** Make-up working days, each a Saturday or Sunday. */
  readonly workdays: readonly CalendarDate[];
  /** The notice's wording for this item. */
  readonly text: string;
}

/** A year of seed data as written by hand. */
export interface SeedYearData {
  readonly year: number;
  readonly source: SeedSource;
  /**
   * `true` when the year's notice is not in the seed and only the statutory holidays are: the administrator must
   * replace the year with the notice once published.
   */
  readonly provisional: boolean;
  /** Why the year is provisional and what to do, in Chinese for the administrator. */
  readonly note?: string;
  readonly arrangements: readonly HolidayArrangement[];
}

/** A year of seed data with its arrangements expanded to day-by-day exceptions, ascending by date. */
export interface CalendarSeedYear extends SeedYearData {
  readonly exceptions: readonly CalendarException[];
}

/** A seed row for the runtime's `calendar_day` table: an exception plus the document it comes from. */
export interface CalendarSeedRow extends CalendarException {
  /** The year's {@link SeedSource.notice}. */
  source: string;
  provisional: boolean;
}

/**
 * Expands arrangements to exceptions: every day from `from` to `to` is a holiday named after the festival, every
 * make-up working day a workday named `<festival>调休上班`. Ascending by date.
 *
 * @throws RangeError when a date is invalid or a range runs backwards (a broken seed).
 */
export function expandArrangements(arrangements: readonly HolidayArrangement[]): CalendarException[] {
  const exceptions: CalendarException[] = [];
  const dayOf = (date: CalendarDate): number => {
    const day = dayNumberOf(date);
    if (day === null) throw new RangeError(`@tongban/calendar: invalid seed date ${date}`);
    return day;
  };
  for (const arrangement of arrangements) {
    const first = dayOf(arrangement.from);
    const last = dayOf(arrangement.to);
    if (last < first) throw new RangeError(`@tongban/calendar: seed range ${arrangement.from}..${arrangement.to}`);
    for (let day = first; day <= last; day += 1) {
      exceptions.push({ date: formatDayNumber(day), kind: 'holiday', name: arrangement.festival });
    }
    for (const date of arrangement.workdays) {
      exceptions.push({ date: formatDayNumber(dayOf(date)), kind: 'workday', name: `${arrangement.festival}调休上班` });
    }
  }
  return exceptions.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * China's public holidays and make-up working days for 2024–2027, one entry per year with its source. 2024–2026
 * follow the State Council's notices; 2027 is `provisional` (statutory holidays only, see its `note`).
 */
export const CN_CALENDAR_SEED: readonly CalendarSeedYear[] = Object.freeze(
  CN_2024_2027.map((year) => Object.freeze({ ...year, exceptions: Object.freeze(expandArrangements(year.arrangements)) })),
);

/** The seed as `calendar_day` rows, ascending by date. */
export function seedRows(seed: readonly CalendarSeedYear[] = CN_CALENDAR_SEED): CalendarSeedRow[] {
  return seed.flatMap((year) =>
    year.exceptions.map((exception) => ({ ...exception, source: year.source.notice, provisional: year.provisional })),
  );
}

/** Years of a seed marked provisional, for `CalendarOptions.provisionalYears`. */
export function provisionalYearsOf(seed: readonly CalendarSeedYear[] = CN_CALENDAR_SEED): number[] {
  return seed.filter((year) => year.provisional).map((year) => year.year);
}
