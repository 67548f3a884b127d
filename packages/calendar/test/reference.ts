/**
 * Test support: a deliberately naive model of the working-day rules, walking the calendar one day at a time, so
 * that the property tests can compare the package's closed-form arithmetic with the rules as written in README.md.
 */
import type { CalendarException } from '../src/index';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The options the model needs, all explicit. */
export interface ReferenceOptions {
  offsetMinutes: number;
  /** Minutes after midnight. */
  start: number;
  end: number;
  cutoff: number;
}

/** The rules of README.md, one day at a time. Instants are epoch milliseconds. */
export class ReferenceCalendar {
  private readonly kinds = new Map<string, CalendarException['kind']>();

  constructor(
    exceptions: readonly CalendarException[],
    private readonly options: ReferenceOptions,
  ) {
    for (const exception of exceptions) this.kinds.set(exception.date, exception.kind);
  }

  private day(t: number): number {
    return Math.floor((t + this.options.offsetMinutes * MINUTE) / DAY);
  }

  private at(day: number, minutes: number): number {
    return day * DAY + (minutes - this.options.offsetMinutes) * MINUTE;
  }

  isWorking(day: number): boolean {
    const date = new Date(day * DAY);
    const kind = this.kinds.get(date.toISOString().slice(0, 10));
    if (kind !== undefined) return kind === 'workday';
    const weekday = date.getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** Day number of the receipt day. */
  receiptDay(t: number): number {
    let day = this.day(t);
    if (this.isWorking(day) && t < this.at(day, this.options.cutoff)) return day;
    do day += 1;
    while (!this.isWorking(day));
    return day;
  }

  addWorkingDays(t: number, n: number): number {
    let day = this.receiptDay(t);
    for (let counted = 0; counted < n; ) {
      day += 1;
      if (this.isWorking(day)) counted += 1;
    }
    return this.at(day, this.options.cutoff);
  }

  countWorkingDays(from: number, to: number): number {
    let count = 0;
    for (let day = this.receiptDay(from) + 1; this.at(day, this.options.cutoff) <= to; day += 1) {
      if (this.isWorking(day)) count += 1;
    }
    return count;
  }

  workingMillisBetween(from: number, to: number): number {
    if (to < from) return 0 - this.workingMillisBetween(to, from);
    let total = 0;
    for (let day = this.day(from); day <= this.day(to); day += 1) {
      if (!this.isWorking(day)) continue;
      const open = Math.max(from, this.at(day, this.options.start));
      const close = Math.min(to, this.at(day, this.options.end));
      total += Math.max(0, close - open);
    }
    return total;
  }

  /** For `ms >= 0` only. */
  addWorkingMillis(t: number, ms: number): number {
    if (ms === 0) return t;
    let remaining = ms;
    for (let day = this.day(t); ; day += 1) {
      if (!this.isWorking(day)) continue;
      const open = Math.max(t, this.at(day, this.options.start));
      const available = Math.max(0, this.at(day, this.options.end) - open);
      if (remaining <= available) return open + remaining;
      remaining -= available;
    }
  }
}
