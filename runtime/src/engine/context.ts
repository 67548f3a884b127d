import { randomUUID } from 'node:crypto';
import type { FeelFunction, StepContext } from '@tongban/engine';
import type { WorkingCalendar } from '@tongban/calendar';

/** FEEL functions the runtime provides to procedures (see docs/procedure-conventions.md). */
export const FEEL_FUNCTION_NAMES = ['addWorkingDays', 'workingDaysBetween'] as const;

const instantOf = (value: unknown): string | Date => {
  if (value instanceof Date || typeof value === 'string') return value;
  if (value !== null && value !== undefined) return String(value);
  throw new TypeError('a date-time is required');
};

/** The FEEL functions over the working-day calendar. */
export function calendarFunctions(calendar: WorkingCalendar): Record<string, FeelFunction> {
  return {
    /** `addWorkingDays(from, n)`: the deadline of an n-working-day period started at `from` (Art. 82). */
    addWorkingDays: (from: unknown, days: unknown) => calendar.format(calendar.addWorkingDays(instantOf(from), Number(days))),
    /** `workingDaysBetween(from, to)`: whole working days elapsed. */
    workingDaysBetween: (from: unknown, to: unknown) => calendar.countWorkingDays(instantOf(from), instantOf(to)),
  };
}

/** The step context of one command: the transaction's clock, fresh ids and the calendar functions. */
export function stepContext(now: Date, calendar: WorkingCalendar): StepContext {
  return {
    now: now.toISOString(),
    newId: () => randomUUID(),
    functions: calendarFunctions(calendar),
    utcOffsetMinutes: 480,
  };
}
