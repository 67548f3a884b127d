/** Test support: fast-check arbitraries for calendars, instants and periods. */
import fc from 'fast-check';
import type { CalendarException, CalendarOptions } from '../src/index';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const FIRST_DAY = Date.UTC(2023, 6, 1) / DAY;
const LAST_DAY = Date.UTC(2028, 5, 30) / DAY;

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * An instant between mid-2023 and mid-2028, biased towards the edges that matter: midnight, office hours and the
 * cut-off on China Standard Time, and a millisecond either side of them.
 */
export const instant: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: FIRST_DAY * DAY, max: LAST_DAY * DAY }),
  fc
    .tuple(
      fc.integer({ min: FIRST_DAY, max: LAST_DAY }),
      fc.constantFrom(0, 8 * 60, 9 * 60, 12 * 60, 16 * 60 + 30, 17 * 60, 23 * 60 + 59),
      fc.constantFrom(-1, 0, 1),
    )
    .map(([day, minutes, nudge]) => day * DAY + (minutes - 480) * MINUTE + nudge),
);

/** Exceptions on distinct dates between 2023-12-01 and 2027-12-31, of either kind. */
export const exceptions: fc.Arbitrary<CalendarException[]> = fc
  .uniqueArray(
    fc.record({
      day: fc.integer({ min: Date.UTC(2023, 11, 1) / DAY, max: Date.UTC(2027, 11, 31) / DAY }),
      kind: fc.constantFrom('holiday' as const, 'workday' as const),
    }),
    { selector: (entry) => entry.day, maxLength: 120 },
  )
  .map((entries) =>
    entries.map(({ day, kind }) => ({ date: new Date(day * DAY).toISOString().slice(0, 10), kind })),
  );

/** Calendar options, and the same as minutes for the reference model. */
export interface GeneratedOptions {
  options: CalendarOptions;
  minutes: { offset: number; start: number; end: number; cutoff: number };
}

/** Options with any UTC offset and any office hours, the cut-off inside them. */
export const options: fc.Arbitrary<GeneratedOptions> = fc
  .record({
    offset: fc.constantFrom(480, 0, -300, 345, 840),
    start: fc.integer({ min: 0, max: 23 * 60 + 58 }),
    length: fc.integer({ min: 1, max: 23 * 60 + 59 }),
    cutoffShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ offset, start, length, cutoffShare }) => {
    const end = Math.min(start + length, 23 * 60 + 59);
    const cutoff = start + 1 + Math.floor(cutoffShare * (end - start - 1));
    return {
      options: { utcOffsetMinutes: offset, officeHours: { start: hhmm(start), end: hhmm(end) }, cutoff: hhmm(cutoff) },
      minutes: { offset, start, end, cutoff },
    };
  });

/** A period length in working days, as the Administrative Licensing Law uses them (up to a year's worth). */
export const workingDays = fc.integer({ min: 0, max: 260 });

/** Working time in milliseconds, up to 60 working days of 8 hours, often a whole number of minutes. */
export const workingMillis = fc.oneof(
  fc.integer({ min: 0, max: 60 * 8 * 60 * MINUTE }),
  fc.integer({ min: 0, max: 60 * 8 * 60 }).map((minutes) => minutes * MINUTE),
);
