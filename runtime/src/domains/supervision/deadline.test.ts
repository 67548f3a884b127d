import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCalendar, seedRows } from '@tongban/calendar';
import { clockProgress, clockTimes, handlingBucket, handlingMillis, limitDaysOf, liveStateAt, stopDuration } from './deadline';

const calendar = createCalendar(seedRows());
const at = (text: string) => new Date(text);
const iso = (date: Date | null) => (date ? calendar.format(date) : null);
const HOUR = 3_600_000;

describe('clockTimes', () => {
  it('counts working days across 国庆 and its make-up Saturday (Art. 82)', () => {
    // Received Monday 2025-09-29 10:00: 30 Sep, 9 Oct, 10 Oct, Saturday 11 Oct (调休上班), 13 Oct.
    const times = clockTimes(calendar, { start: at('2025-09-29T10:00:00+08:00'), limitDays: 5, extensionDays: 0, countedStopMs: 0 }, 0.8);
    expect(iso(times.receiptCutoff)).toBe('2025-09-29T17:00:00.000+08:00');
    expect(iso(times.baseDueAt)).toBe('2025-10-13T17:00:00.000+08:00');
    expect(iso(times.dueAt)).toBe('2025-10-13T17:00:00.000+08:00');
    // 80% of 5 days = 4 days = one day left: the cut-off of the make-up Saturday.
    expect(iso(times.yellowAt)).toBe('2025-10-11T17:00:00.000+08:00');
  });

  it('applies the after-hours cut-off: received at 17:05 before 清明 starts the next working day', () => {
    const times = clockTimes(calendar, { start: at('2026-04-03T17:05:00+08:00'), limitDays: 1, extensionDays: 0, countedStopMs: 0 }, 0.8);
    expect(iso(times.receiptCutoff)).toBe('2026-04-07T17:00:00.000+08:00');
    expect(iso(times.dueAt)).toBe('2026-04-08T17:00:00.000+08:00');
    // One day only: the share rule alone, 0.8 × 8 h after the receipt cut-off.
    expect(iso(times.yellowAt)).toBe('2026-04-08T15:24:00.000+08:00');
  });

  it('takes whichever comes first: the share (long periods) or one day left (short ones)', () => {
    const start = at('2026-03-02T10:00:00+08:00');
    const ten = clockTimes(calendar, { start, limitDays: 10, extensionDays: 0, countedStopMs: 0 }, 0.8);
    expect(iso(ten.yellowAt)).toBe(iso(calendar.addWorkingDays(start, 8)));
    const three = clockTimes(calendar, { start, limitDays: 3, extensionDays: 0, countedStopMs: 0 }, 0.8);
    expect(iso(three.yellowAt)).toBe(iso(calendar.addWorkingDays(start, 2)));
    const half = clockTimes(calendar, { start, limitDays: 10, extensionDays: 0, countedStopMs: 0 }, 0.5);
    expect(iso(half.yellowAt)).toBe(iso(calendar.addWorkingDays(start, 5)));
  });

  it('gives a zero-day period (即办) its receipt day cut-off and no yellow warning', () => {
    const times = clockTimes(calendar, { start: at('2026-03-02T10:00:00+08:00'), limitDays: 0, extensionDays: 0, countedStopMs: 0 }, 0.8);
    expect(iso(times.dueAt)).toBe('2026-03-02T17:00:00.000+08:00');
    expect(times.yellowAt).toBeNull();
  });

  it('pushes the deadline by a stop rounded up to whole days and by an extension (README rule 5, Art. 42)', () => {
    // 20 days from 2026-09-14 end 2026-10-16; a stop of 45 working hours counts 6 days (48 h).
    const stop = stopDuration(calendar, at('2026-09-16T10:00:00+08:00'), at('2026-09-22T15:00:00+08:00'));
    expect(stop.workingMs).toBe(45 * HOUR);
    expect(stop.countedMs).toBe(48 * HOUR);
    const start = at('2026-09-14T10:00:00+08:00');
    const stopped = clockTimes(calendar, { start, limitDays: 20, extensionDays: 0, countedStopMs: stop.countedMs }, 0.8);
    expect(iso(stopped.baseDueAt)).toBe('2026-10-16T17:00:00.000+08:00');
    expect(iso(stopped.dueAt)).toBe('2026-10-26T17:00:00.000+08:00');
    const extended = clockTimes(calendar, { start, limitDays: 20, extensionDays: 10, countedStopMs: stop.countedMs }, 0.8);
    expect(iso(extended.dueAt)).toBe(iso(calendar.addWorkingMillis(stopped.dueAt, 10 * calendar.workingDayMillis)));
    expect(iso(extended.dueAt)).toBe('2026-11-09T17:00:00.000+08:00');
  });

  it('keeps a stop entirely outside office hours at zero', () => {
    expect(stopDuration(calendar, at('2026-03-02T18:00:00+08:00'), at('2026-03-03T08:30:00+08:00'))).toEqual({ workingMs: 0, countedMs: 0 });
  });

  it('always lands the deadline on a cut-off after the yellow instant (property)', () => {
    fc.assert(fc.property(
      fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-06-30T00:00:00Z'), noInvalidDate: true }),
      fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 10 }),
      fc.double({ min: 0.05, max: 0.99, noNaN: true }),
      (start, limitDays, extensionDays, stopDays, share) => {
        const times = clockTimes(calendar, { start, limitDays, extensionDays, countedStopMs: stopDays * calendar.workingDayMillis }, share);
        expect(times.dueAt.getTime()).toBe(calendar.addWorkingDays(start, limitDays + extensionDays + stopDays).getTime());
        if (times.yellowAt) {
          expect(times.yellowAt.getTime()).toBeLessThanOrEqual(times.dueAt.getTime());
          expect(times.yellowAt.getTime()).toBeGreaterThanOrEqual(times.receiptCutoff.getTime());
        } else {
          expect(limitDays + extensionDays).toBe(0);
        }
      },
    ), { numRuns: 300 });
  });
});

describe('liveStateAt', () => {
  const times = { dueAt: at('2026-03-10T17:00:00+08:00'), yellowAt: at('2026-03-09T17:00:00+08:00') };

  it('moves from normal to due soon to overdue; an act at the deadline is in time', () => {
    expect(liveStateAt(times, at('2026-03-09T16:59:59+08:00'), null)).toBe('normal');
    expect(liveStateAt(times, at('2026-03-09T17:00:00+08:00'), null)).toBe('due-soon');
    expect(liveStateAt(times, at('2026-03-10T17:00:00+08:00'), null)).toBe('due-soon');
    expect(liveStateAt(times, at('2026-03-10T17:00:01+08:00'), null)).toBe('overdue');
  });

  it('freezes a stopped clock: suspended, or overdue when it stopped late', () => {
    expect(liveStateAt(times, at('2026-04-01T10:00:00+08:00'), at('2026-03-09T18:00:00+08:00'))).toBe('suspended');
    expect(liveStateAt(times, at('2026-04-01T10:00:00+08:00'), at('2026-03-11T10:00:00+08:00'))).toBe('overdue');
  });
});

describe('clockProgress, handling time and limits', () => {
  it('reports the share used and the days left, not counting a stop', () => {
    const start = at('2026-03-02T10:00:00+08:00');
    const times = clockTimes(calendar, { start, limitDays: 5, extensionDays: 0, countedStopMs: 8 * HOUR }, 0.8);
    const progress = clockProgress(calendar, times, at('2026-03-05T17:00:00+08:00'), { countedStopMs: 8 * HOUR, openStopSince: null });
    // 3 working days since the receipt cut-off, one of them stopped: 2 of 5 used, 3 left.
    expect(progress.used).toBeCloseTo(0.4, 10);
    expect(progress.workingDaysLeft).toBe(3);
    expect(progress.overdue).toBe(false);
  });

  it('measures handling in working time less the stops, bucketed by half days', () => {
    const ms = handlingMillis(calendar, at('2026-03-02T10:00:00+08:00'), at('2026-03-04T11:00:00+08:00'), 2 * HOUR);
    expect(ms).toBe((7 + 8 + 2 - 2) * HOUR);
    expect(handlingBucket(ms, calendar.workingDayMillis)).toBe(4);
    expect(handlingBucket(0, calendar.workingDayMillis)).toBe(0);
    expect(handlingBucket(500 * 8 * HOUR, calendar.workingDayMillis)).toBe(241);
  });

  it('reads the limit back from the due date intake computed, else falls back', () => {
    const start = at('2026-02-13T17:30:00+08:00');
    expect(limitDaysOf(calendar, start, calendar.addWorkingDays(start, 5), 9)).toBe(5);
    expect(limitDaysOf(calendar, start, at('2026-03-01T12:00:00+08:00'), 9)).toBe(9);
    expect(limitDaysOf(calendar, start, null, 9)).toBe(9);
  });
});
