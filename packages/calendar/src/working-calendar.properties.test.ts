import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exceptions, instant, options, workingDays, workingMillis } from '../test/arbitraries';
import { ReferenceCalendar } from '../test/reference';
import { CN_CALENDAR_SEED, createCalendar, seedRows } from './index';

// Issue #8: "adding N working days, counting working days between two instants, and the cut-off rule … are
// property-tested". Most properties run on the seed calendar (2024–2027, with real 调休) and again on random
// exceptions with random offsets and office hours.
const seeded = createCalendar(seedRows());
const randomCalendar = fc
  .tuple(exceptions, options)
  .map(([list, { options: calendarOptions, minutes }]) => ({
    calendar: createCalendar(list, calendarOptions),
    reference: new ReferenceCalendar(list, {
      offsetMinutes: minutes.offset,
      start: minutes.start,
      end: minutes.end,
      cutoff: minutes.cutoff,
    }),
    [fc.toStringMethod]: () => `createCalendar(${JSON.stringify(list)}, ${JSON.stringify(calendarOptions)})`,
  }));
const anyCalendar = fc.oneof(
  fc.constant({ calendar: seeded, [fc.toStringMethod]: () => 'createCalendar(seedRows())' }),
  randomCalendar,
);

const ms = (date: Date): number => date.getTime();

describe('addWorkingDays', () => {
  it('is strictly increasing in n when the instant is fixed', () => {
    fc.assert(
      fc.property(anyCalendar, instant, workingDays, workingDays, ({ calendar }, at, a, b) => {
        fc.pre(a !== b);
        const [low, high] = a < b ? [a, b] : [b, a];
        expect(ms(calendar.addWorkingDays(new Date(at), low))).toBeLessThan(
          ms(calendar.addWorkingDays(new Date(at), high)),
        );
      }),
    );
  });

  it('is non-decreasing in the instant when n is fixed', () => {
    fc.assert(
      fc.property(anyCalendar, instant, instant, workingDays, ({ calendar }, a, b, n) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(ms(calendar.addWorkingDays(new Date(early), n))).toBeLessThanOrEqual(
          ms(calendar.addWorkingDays(new Date(late), n)),
        );
      }),
    );
  });

  it('always ends at the cut-off of a working day after the instant', () => {
    fc.assert(
      fc.property(anyCalendar, instant, workingDays, ({ calendar }, at, n) => {
        const due = calendar.addWorkingDays(new Date(at), n);
        const date = calendar.dateOf(due);
        expect(calendar.isWorkingDay(date)).toBe(true);
        expect(ms(calendar.cutoffOf(date))).toBe(ms(due));
        expect(ms(due)).toBeGreaterThan(at);
      }),
    );
  });

  it('ends the period of 0 days at the cut-off of the receipt day', () => {
    fc.assert(
      fc.property(anyCalendar, instant, ({ calendar }, at) => {
        expect(calendar.dateOf(calendar.addWorkingDays(new Date(at), 0))).toBe(calendar.receiptDate(new Date(at)));
      }),
    );
  });

  it('matches the day-by-day rules of the README for any calendar and office hours', () => {
    fc.assert(
      fc.property(randomCalendar, instant, workingDays, ({ calendar, reference }, at, n) => {
        expect(ms(calendar.addWorkingDays(new Date(at), n))).toBe(reference.addWorkingDays(at, n));
        expect(calendar.receiptDate(new Date(at))).toBe(
          new Date(reference.receiptDay(at) * 86_400_000).toISOString().slice(0, 10),
        );
      }),
    );
  });
});

describe('receiptDate', () => {
  it('is a working day on or after the date received, and non-decreasing in the instant', () => {
    fc.assert(
      fc.property(anyCalendar, instant, instant, ({ calendar }, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const receipt = calendar.receiptDate(new Date(early));
        expect(calendar.isWorkingDay(receipt)).toBe(true);
        expect(receipt >= calendar.dateOf(new Date(early))).toBe(true);
        expect(receipt <= calendar.receiptDate(new Date(late))).toBe(true);
      }),
    );
  });
});

describe('countWorkingDays', () => {
  it('inverts addWorkingDays', () => {
    fc.assert(
      fc.property(anyCalendar, instant, workingDays, ({ calendar }, at, n) => {
        expect(calendar.countWorkingDays(new Date(at), calendar.addWorkingDays(new Date(at), n))).toBe(n);
      }),
    );
  });

  it('reaches n >= 1 exactly when the deadline of n days has come (a Galois connection)', () => {
    fc.assert(
      fc.property(anyCalendar, instant, instant, fc.integer({ min: 1, max: 260 }), ({ calendar }, from, to, n) => {
        const reached = calendar.countWorkingDays(new Date(from), new Date(to)) >= n;
        expect(reached).toBe(ms(calendar.addWorkingDays(new Date(from), n)) <= to);
      }),
    );
  });

  it('matches the day-by-day rules of the README', () => {
    fc.assert(
      fc.property(randomCalendar, instant, instant, ({ calendar, reference }, from, to) => {
        expect(calendar.countWorkingDays(new Date(from), new Date(to))).toBe(reference.countWorkingDays(from, to));
      }),
      { numRuns: 50 },
    );
  });
});

describe('workingMillisBetween', () => {
  it('is additive over any three instants, in any order', () => {
    fc.assert(
      fc.property(anyCalendar, instant, instant, instant, ({ calendar }, a, b, c) => {
        const between = (x: number, y: number): number => calendar.workingMillisBetween(new Date(x), new Date(y));
        expect(between(a, b) + between(b, c)).toBe(between(a, c));
      }),
    );
  });

  it('is non-negative forwards and equals the time inside office hours day by day', () => {
    fc.assert(
      fc.property(randomCalendar, instant, instant, ({ calendar, reference }, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const forwards = calendar.workingMillisBetween(new Date(from), new Date(to));
        expect(forwards).toBeGreaterThanOrEqual(0);
        expect(forwards).toBe(reference.workingMillisBetween(from, to));
      }),
      { numRuns: 50 },
    );
  });

  it('puts exactly n working days between the ends of periods of 0 and n days', () => {
    fc.assert(
      fc.property(anyCalendar, instant, workingDays, ({ calendar }, at, n) => {
        const start = calendar.addWorkingDays(new Date(at), 0);
        const end = calendar.addWorkingDays(new Date(at), n);
        expect(calendar.workingMillisBetween(start, end)).toBe(n * calendar.workingDayMillis);
        expect(ms(calendar.addWorkingMillis(start, n * calendar.workingDayMillis))).toBe(ms(end));
      }),
    );
  });
});

describe('addWorkingMillis', () => {
  it('is inverted by workingMillisBetween, forwards and backwards', () => {
    fc.assert(
      fc.property(anyCalendar, instant, workingMillis, fc.boolean(), ({ calendar }, at, amount, back) => {
        const signed = back ? 0 - amount : amount;
        const moved = calendar.addWorkingMillis(new Date(at), signed);
        expect(calendar.workingMillisBetween(new Date(at), moved)).toBe(signed);
      }),
    );
  });

  it('is non-decreasing in the instant and in the amount', () => {
    fc.assert(
      fc.property(anyCalendar, instant, instant, workingMillis, workingMillis, ({ calendar }, a, b, x, y) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const [less, more] = x <= y ? [x, y] : [y, x];
        expect(ms(calendar.addWorkingMillis(new Date(early), less))).toBeLessThanOrEqual(
          ms(calendar.addWorkingMillis(new Date(late), less)),
        );
        expect(ms(calendar.addWorkingMillis(new Date(early), less))).toBeLessThanOrEqual(
          ms(calendar.addWorkingMillis(new Date(early), more)),
        );
      }),
    );
  });

  it('stops at the earliest instant holding the working time between two instants', () => {
    fc.assert(
      fc.property(anyCalendar, instant, instant, ({ calendar }, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const amount = calendar.workingMillisBetween(new Date(from), new Date(to));
        const reached = ms(calendar.addWorkingMillis(new Date(from), amount));
        expect(reached).toBeLessThanOrEqual(to);
        if (amount > 0) expect(calendar.workingMillisBetween(new Date(reached - 1), new Date(reached))).toBe(1);
      }),
    );
  });

  it('matches the day-by-day walk of the README', () => {
    fc.assert(
      fc.property(randomCalendar, instant, workingMillis, ({ calendar, reference }, at, amount) => {
        expect(ms(calendar.addWorkingMillis(new Date(at), amount))).toBe(reference.addWorkingMillis(at, amount));
      }),
      { numRuns: 50 },
    );
  });
});

describe('dueProgress', () => {
  it('starts with n days left and nothing used, and reaches 1 with none left at the due instant', () => {
    fc.assert(
      fc.property(anyCalendar, instant, fc.integer({ min: 1, max: 260 }), ({ calendar }, at, n) => {
        const due = calendar.addWorkingDays(new Date(at), n);
        expect(calendar.dueProgress(new Date(at), due, new Date(at))).toMatchObject({ used: 0, workingDaysLeft: n });
        expect(calendar.dueProgress(new Date(at), due, due)).toMatchObject({
          used: 1,
          workingDaysLeft: 0,
          workingMillisLeft: 0,
          overdue: false,
        });
      }),
    );
  });

  it('uses more and has no more days left as time goes on', () => {
    fc.assert(
      fc.property(anyCalendar, instant, workingDays, instant, instant, ({ calendar }, at, n, a, b) => {
        const due = calendar.addWorkingDays(new Date(at), n);
        const [early, late] = a <= b ? [a, b] : [b, a];
        const before = calendar.dueProgress(new Date(at), due, new Date(early));
        const after = calendar.dueProgress(new Date(at), due, new Date(late));
        expect(after.used).toBeGreaterThanOrEqual(before.used);
        expect(after.workingDaysLeft).toBeLessThanOrEqual(before.workingDaysLeft);
        expect(after.workingMillisLeft).toBeLessThanOrEqual(before.workingMillisLeft);
      }),
    );
  });
});

describe('an empty calendar', () => {
  // With no exceptions the arithmetic must be plain Monday-to-Friday arithmetic on China Standard Time.
  const plain = createCalendar([]);
  const weekdays = new ReferenceCalendar([], { offsetMinutes: 480, start: 540, end: 1020, cutoff: 1020 });

  it('adds and counts working days as the weekday rule does', () => {
    fc.assert(
      fc.property(instant, instant, workingDays, (a, b, n) => {
        expect(ms(plain.addWorkingDays(new Date(a), n))).toBe(weekdays.addWorkingDays(a, n));
        expect(plain.countWorkingDays(new Date(a), new Date(b))).toBe(weekdays.countWorkingDays(a, b));
      }),
      { numRuns: 50 },
    );
  });

  it('measures working time as the weekday rule does', () => {
    fc.assert(
      fc.property(instant, instant, workingMillis, (a, b, amount) => {
        expect(plain.workingMillisBetween(new Date(a), new Date(b))).toBe(weekdays.workingMillisBetween(a, b));
        expect(ms(plain.addWorkingMillis(new Date(a), amount))).toBe(weekdays.addWorkingMillis(a, amount));
      }),
      { numRuns: 50 },
    );
  });

  it('agrees with the seed calendar on days outside the seeded years', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2028, 0, 1), max: Date.UTC(2035, 0, 1) }),
        fc.integer({ min: 0, max: 100 }),
        (at, n) => {
          expect(ms(seeded.addWorkingDays(new Date(at), n))).toBe(ms(plain.addWorkingDays(new Date(at), n)));
        },
      ),
    );
    expect(seeded.coverage?.lastYear).toBe(CN_CALENDAR_SEED[CN_CALENDAR_SEED.length - 1]!.year);
  });
});
