/**
 * @internal Calendar dates, wall-clock times and instants on a fixed UTC offset, as plain numbers: a date is a day
 * number (days since 1970-01-01 on the wall clock), an instant is epoch milliseconds. Only `Date.UTC` and
 * `Date#toISOString` are used, so nothing depends on the host's time zone.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

/** A calendar date written `YYYY-MM-DD`. */
export type CalendarDate = string;

/** An instant: a `Date`, or an ISO-8601 date-time string (see {@link parseInstant}). */
export type InstantInput = Date | string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The day number of a `YYYY-MM-DD` string; `null` when it is not a real Gregorian date. */
export function dayNumberOf(text: string): number | null {
  const match = DATE_PATTERN.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isRealDate(year, month, day)) return null;
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The `YYYY-MM-DD` string of a day number. */
export function formatDayNumber(day: number): CalendarDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The Gregorian year of a day number. */
export function yearOfDayNumber(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** Day of the week of a day number: 0 Sunday … 6 Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Whether a day number falls on Saturday or Sunday. */
export function isWeekend(day: number): boolean {
  const weekday = weekdayOf(day);
  return weekday === 0 || weekday === 6;
}

/**
 * Monday-to-Friday days before `day`, counted from the Monday 1970-01-05 (negative before it). The difference of
 * two values is the number of weekdays in the half-open range between them.
 */
export function weekdaysBefore(day: number): number {
  const sinceMonday = day - 4;
  const weeks = Math.floor(sinceMonday / 7);
  return weeks * 5 + Math.min(sinceMonday - weeks * 7, 5);
}

function parseOffsetMinutes(text: string): number {
  if (text.toUpperCase() === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/**
 * Epoch milliseconds of an instant. A string is ISO-8601: `YYYY-MM-DD[THH:MM[:SS[.fff]][Z|±HH:MM]]`; without an
 * offset it is read on the wall clock of `offsetMinutes`, and a date alone means its midnight there.
 *
 * @throws RangeError for an invalid `Date` or a string that is not such an instant (a programmer error: callers
 *   pass stored timestamps, not user input).
 */
export function parseInstant(input: InstantInput, offsetMinutes: number): number {
  if (input instanceof Date) {
    const time = input.getTime();
    if (Number.isNaN(time)) throw new RangeError('@tongban/calendar: invalid Date');
    return time;
  }
  const match = INSTANT_PATTERN.exec(input.trim());
  if (!match) throw new RangeError(`@tongban/calendar: not an ISO-8601 instant: ${JSON.stringify(input)}`);
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    throw new RangeError(`@tongban/calendar: not a real date-time: ${JSON.stringify(input)}`);
  }
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  return wall - (offset === undefined ? offsetMinutes : parseOffsetMinutes(offset)) * MINUTE_MS;
}

/** Minutes after midnight of an `HH:MM` time between 00:00 and 23:59; `null` otherwise. */
export function minutesOfTime(text: string): number | null {
  const match = TIME_PATTERN.exec(text);
  if (!match) return null;
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  return hour <= 23 && minute <= 59 ? hour * 60 + minute : null;
}

/** An epoch-millisecond instant as ISO-8601 on the wall clock of a UTC offset (`2025-10-13T17:00:00.000+08:00`). */
export function formatInstantAt(epochMs: number, offsetMinutes: number): string {
  const wall = new Date(epochMs + offsetMinutes * MINUTE_MS).toISOString().slice(0, -1);
  if (offsetMinutes === 0) return `${wall}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${wall}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
