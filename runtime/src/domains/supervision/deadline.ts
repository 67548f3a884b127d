import type { WorkingCalendar } from '@tongban/calendar';

/**
 * The legal clock's arithmetic, pure over a {@link WorkingCalendar} (docs/supervision.md, "Deadlines"). Every
 * period starts at a receipt instant and is counted in working days under the calendar's cut-off rule (Art. 82;
 * 民法典 Art. 201, 203). Clock stops (补正, Art. 45 suspensions) push the deadline by their working time rounded
 * up to whole working days, so a deadline is always a working day's cut-off; approved extensions (Art. 42) add
 * whole working days.
 */

/** The state of an open case on the dashboard. */
export type LiveState = 'normal' | 'due-soon' | 'overdue' | 'suspended';

/** What a clock is made of. */
export interface ClockInput {
  /** The receipt instant (submission, or a task's creation). */
  start: Date;
  /** The committed (or stage) time limit, working days. */
  limitDays: number;
  /** Approved extensions, working days. */
  extensionDays: number;
  /** Counted working time of the ended clock stops: whole working days, in milliseconds. */
  countedStopMs: number;
}

/** The instants a clock implies. */
export interface ClockTimes {
  /** The cut-off of the receipt day: the period's working time is counted from here. */
  receiptCutoff: Date;
  /** The deadline without stops or extensions: `addWorkingDays(start, limitDays)`. */
  baseDueAt: Date;
  /** The deadline: the base pushed by extensions and counted stops. */
  dueAt: Date;
  /** When the yellow warning is due, or null when the period is too short for one (0 days). */
  yellowAt: Date | null;
  /** Working time allowed: (limit + extension) × a working day, ms. */
  budgetMs: number;
}

/**
 * The deadline and the yellow-warning instant of a clock. Yellow comes when `yellowShare` of the allowed working
 * time has passed or when one working day is left, whichever is first; with a one-day limit only the share applies
 * (one day is left from the start), and a zero-day period (即办) has no yellow warning.
 */
export function clockTimes(calendar: WorkingCalendar, input: ClockInput, yellowShare: number): ClockTimes {
  const dayMs = calendar.workingDayMillis;
  const receiptCutoff = calendar.addWorkingDays(input.start, 0);
  const days = input.limitDays + input.extensionDays;
  const budgetMs = days * dayMs;
  const baseDueAt = calendar.addWorkingDays(input.start, input.limitDays);
  const dueAt = calendar.addWorkingMillis(receiptCutoff, budgetMs + input.countedStopMs);
  let yellowAt: Date | null = null;
  if (days >= 1) {
    const share = calendar.addWorkingMillis(receiptCutoff, Math.round(yellowShare * budgetMs) + input.countedStopMs);
    // The cut-off of the working day before the due day: the instant the last working day starts to run.
    const oneDayLeft = days >= 2 ? calendar.cutoffOf(calendar.previousWorkingDay(dueAt)) : undefined;
    yellowAt = oneDayLeft && oneDayLeft.getTime() < share.getTime() ? oneDayLeft : share;
  }
  return { receiptCutoff, baseDueAt, dueAt, yellowAt, budgetMs };
}

/** A clock stop's working time, and what it counts for: rounded up to whole working days. */
export function stopDuration(calendar: WorkingCalendar, startedAt: Date, endedAt: Date): { workingMs: number; countedMs: number } {
  const dayMs = calendar.workingDayMillis;
  const workingMs = Math.max(0, calendar.workingMillisBetween(startedAt, endedAt));
  return { workingMs, countedMs: Math.ceil(workingMs / dayMs) * dayMs };
}

/**
 * The dashboard state of an open case at `now`. A stopped clock is frozen: a case overdue when its clock stopped
 * stays overdue, any other stopped case is `suspended`.
 */
export function liveStateAt(times: Pick<ClockTimes, 'dueAt' | 'yellowAt'>, now: Date, stoppedSince: Date | null): LiveState {
  const at = stoppedSince ?? now;
  if (at.getTime() > times.dueAt.getTime()) return 'overdue';
  if (stoppedSince) return 'suspended';
  if (times.yellowAt && now.getTime() >= times.yellowAt.getTime()) return 'due-soon';
  return 'normal';
}

/** How far a clock has run at `now`: share of the allowed working time used, working days left (negative: late). */
export function clockProgress(
  calendar: WorkingCalendar,
  times: ClockTimes,
  now: Date,
  stopped: { countedStopMs: number; openStopSince: Date | null },
): { used: number; workingDaysLeft: number; workingMillisLeft: number; overdue: boolean } {
  const at = stopped.openStopSince ?? now;
  const elapsed = Math.max(0, calendar.workingMillisBetween(times.receiptCutoff, at)) - stopped.countedStopMs;
  const used = times.budgetMs > 0 ? Math.max(0, elapsed) / times.budgetMs : (at.getTime() > times.dueAt.getTime() ? 1 : 0);
  const workingMillisLeft = calendar.workingMillisBetween(at, times.dueAt);
  const progress = calendar.dueProgress(times.receiptCutoff, times.dueAt, at);
  return { used, workingDaysLeft: progress.workingDaysLeft, workingMillisLeft, overdue: at.getTime() > times.dueAt.getTime() };
}

/** Working time spent handling a case: from receipt to closure, less the actual working time of its stops. */
export function handlingMillis(calendar: WorkingCalendar, submittedAt: Date, closedAt: Date, stoppedMs: number): number {
  return Math.max(0, calendar.workingMillisBetween(submittedAt, closedAt) - stoppedMs);
}

/** Index of the handling-time histogram: half working days rounded up, capped at 241 (over 120 days). */
export const HIST_OVERFLOW_BUCKET = 241;
export function handlingBucket(handlingMs: number, workingDayMillis: number): number {
  return Math.min(HIST_OVERFLOW_BUCKET, Math.ceil((2 * handlingMs) / workingDayMillis));
}

/**
 * The time limit in working days that a due date computed at intake implies: `countWorkingDays` is the inverse of
 * `addWorkingDays`, so supervision starts from exactly the deadline the applicant's receipt gave (an
 * implementation list's shorter limit included).
 */
export function limitDaysOf(calendar: WorkingCalendar, submittedAt: Date, dueAt: Date | null, fallbackDays: number): number {
  if (!dueAt) return fallbackDays;
  const days = calendar.countWorkingDays(submittedAt, dueAt);
  return calendar.addWorkingDays(submittedAt, days).getTime() === dueAt.getTime() ? days : fallbackDays;
}
