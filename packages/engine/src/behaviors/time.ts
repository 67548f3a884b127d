/**
 * ISO-8601 durations, instants and repeating intervals, with calendar arithmetic done on the wall clock of a fixed
 * UTC offset (so that `P1M` from 31 January lands on the last day of February, as `java.time` does for Zeebe).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The components of an ISO-8601 duration (`PnYnMnWnDTnHnMnS`). Seconds may be fractional. */
export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION_PATTERN =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Parses an ISO-8601 duration; `null` when the text is not one (or is empty, like `P` or `PT`). */
export function parseIsoDuration(text: string): IsoDuration | null {
  const trimmed = text.trim();
  const match = DURATION_PATTERN.exec(trimmed);
  if (!match || trimmed === 'P' || trimmed.endsWith('T')) return null;
  const n = (i: number): number => (match[i] === undefined ? 0 : Number(match[i]!.replace(',', '.')));
  if (match.slice(1).every((part) => part === undefined)) return null;
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * Adds a duration to an instant. Years and months move the calendar date on the wall clock of `offsetMinutes`
 * and clamp the day to the month's last day (31 Jan + P1M = 28/29 Feb); weeks and days add calendar days; the
 * time part adds elapsed time.
 */
export function addIsoDuration(epochMs: number, duration: IsoDuration, offsetMinutes: number): number {
  const local = new Date(epochMs + offsetMinutes * MINUTE);
  const monthTotal = local.getUTCFullYear() * 12 + local.getUTCMonth() + duration.years * 12 + duration.months;
  const year = Math.floor(monthTotal / 12);
  const month = monthTotal - year * 12;
  const day = Math.min(local.getUTCDate(), daysInMonth(year, month));
  const shifted = Date.UTC(
    year,
    month,
    day,
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  const elapsed =
    (duration.weeks * 7 + duration.days) * DAY +
    duration.hours * HOUR +
    duration.minutes * MINUTE +
    Math.round(duration.seconds * 1000);
  return shifted + elapsed - offsetMinutes * MINUTE;
}

const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?(?:\s*(?:\[([^\]]+)\]|@(\S+)))?$/i;

/**
 * The UTC offset, in minutes, of an IANA zone at an instant, using the platform's time-zone data (`Intl`);
 * `null` for an unknown zone.
 */
export function zoneOffsetMinutes(zone: string, epochMs: number): number | null {
  try {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const parts: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(epochMs))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
    return Math.round((wall - Math.floor(epochMs / 1000) * 1000) / MINUTE);
  } catch {
    return null;
  }
}

function parseOffset(text: string): number {
  if (text.toUpperCase() === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/**
 * Parses an ISO-8601 date or date-time (optionally with `Z`, an offset, a `[Zone/Id]` or `@Zone/Id` suffix) into
 * epoch milliseconds. A value without offset or zone is read on the wall clock of `offsetMinutes`; a date alone
 * means its midnight. `null` when the text is not a valid instant.
 */
export function parseInstant(text: string, offsetMinutes: number): number | null {
  const match = INSTANT_PATTERN.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, frac, offset, bracketZone, atZone] = match;
  const year = Number(y);
  const month = Number(mo) - 1;
  const day = Number(d);
  if (month < 0 || month > 11 || day < 1 || day > daysInMonth(year, month)) return null;
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millis = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
  const wall = Date.UTC(year, month, day, hour, minute, second, millis);
  if (offset !== undefined) return wall - parseOffset(offset) * MINUTE;
  const zone = bracketZone ?? atZone;
  if (zone !== undefined) {
    const first = zoneOffsetMinutes(zone, wall);
    if (first === null) return null;
    const refined = zoneOffsetMinutes(zone, wall - first * MINUTE) ?? first;
    return wall - refined * MINUTE;
  }
  return wall - offsetMinutes * MINUTE;
}

/** Reads the UTC offset written in an ISO instant (`Z` → 0); `undefined` when it has none. */
export function offsetWrittenIn(text: string): number | undefined {
  const match = INSTANT_PATTERN.exec(text.trim());
  if (!match || match[8] === undefined) return undefined;
  return parseOffset(match[8]);
}

/** Formats epoch milliseconds as an ISO-8601 UTC instant (`2025-01-31T00:00:00.000Z`). */
export function formatInstant(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Formats epoch milliseconds as an ISO-8601 date-time on the wall clock of a UTC offset (`…+08:00`). */
export function formatLocalInstant(epochMs: number, offsetMinutes: number): string {
  if (offsetMinutes === 0) return formatInstant(epochMs);
  const local = new Date(epochMs + offsetMinutes * MINUTE).toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** A repeating interval `R[n]/[start/]duration`. */
export interface IsoCycle {
  /** Number of occurrences, `null` when unbounded (`R/…`). */
  repetitions: number | null;
  startMs?: number;
  interval: IsoDuration;
  intervalText: string;
}

/** Whether a cycle value is a cron expression (which the engine does not schedule). */
export function looksLikeCron(text: string): boolean {
  const fields = text.trim().split(/\s+/);
  return fields.length >= 5 && fields.length <= 7 && !text.trim().startsWith('R');
}

/** Parses a repeating interval `R[n]/duration` or `R[n]/start/duration`; `null` when invalid. */
export function parseIsoCycle(text: string, offsetMinutes: number): IsoCycle | null {
  const parts = text.trim().split('/');
  const head = parts[0] ?? '';
  if (!/^R\d*$/.test(head) || parts.length < 2 || parts.length > 3) return null;
  const repetitions = head.length > 1 ? Number(head.slice(1)) : null;
  let startMs: number | undefined;
  let intervalText: string;
  if (parts.length === 3) {
    const start = parseInstant(parts[1]!, offsetMinutes);
    if (start === null) return null;
    startMs = start;
    intervalText = parts[2]!;
  } else {
    intervalText = parts[1]!;
  }
  const interval = parseIsoDuration(intervalText);
  if (!interval || isZeroDuration(interval)) return null;
  return startMs === undefined ? { repetitions, interval, intervalText } : { repetitions, startMs, interval, intervalText };
}

function isZeroDuration(d: IsoDuration): boolean {
  return d.years + d.months + d.weeks + d.days + d.hours + d.minutes + d.seconds === 0;
}

/** When a timer is due, in epoch milliseconds, with the occurrences of a cycle. */
export interface ResolvedTimer {
  dueMs: number;
  /** For cycles: occurrences left including this one (`null`: unbounded). */
  repetitions?: number | null;
  /** For cycles: the interval, to schedule the next occurrence. */
  interval?: string;
}

/**
 * Computes when a timer of the given kind is due, from a value already evaluated (a string, or a FEEL temporal
 * value already turned into its ISO text). Returns an English reason when the value does not fit the kind.
 */
export function resolveTimerValue(
  kind: 'date' | 'duration' | 'cycle',
  text: string,
  nowMs: number,
  offsetMinutes: number,
): { ok: true; timer: ResolvedTimer } | { ok: false; reason: string } {
  if (kind === 'duration') {
    const duration = parseIsoDuration(text);
    if (!duration) return { ok: false, reason: `'${text}' is not an ISO-8601 duration` };
    return { ok: true, timer: { dueMs: addIsoDuration(nowMs, duration, offsetMinutes) } };
  }
  if (kind === 'date') {
    const instant = parseInstant(text, offsetMinutes);
    if (instant === null) return { ok: false, reason: `'${text}' is not an ISO-8601 date-time` };
    return { ok: true, timer: { dueMs: instant } };
  }
  if (looksLikeCron(text)) return { ok: false, reason: `cron cycle '${text}' is not supported; use R[n]/[start/]duration` };
  const cycle = parseIsoCycle(text, offsetMinutes);
  if (!cycle) return { ok: false, reason: `'${text}' is not an ISO-8601 repeating interval R[n]/[start/]duration` };
  if (cycle.repetitions === 0) return { ok: false, reason: `'${text}' repeats zero times` };
  const dueMs =
    cycle.startMs !== undefined && cycle.startMs > nowMs ? cycle.startMs : addIsoDuration(nowMs, cycle.interval, offsetMinutes);
  return { ok: true, timer: { dueMs, repetitions: cycle.repetitions, interval: cycle.intervalText } };
}
