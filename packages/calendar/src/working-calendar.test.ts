import { describe, expect, it } from 'vitest';
import { CalendarDataError, checkExceptions, createCalendar, type CalendarException } from './index';

// Issue #8: working-day arithmetic with the cut-off rule. These cases use a small inline calendar (国庆节、中秋节
// 2025: 10月1日至8日放假, 9月28日（周日）、10月11日（周六）上班); the published notices have tests of their own.
const GOLDEN_WEEK_2025: CalendarException[] = [
  ...['01', '02', '03', '04', '05', '06', '07', '08'].map((day) => ({
    date: `2025-10-${day}`,
    kind: 'holiday' as const,
    name: '国庆节、中秋节',
  })),
  { date: '2025-09-28', kind: 'workday', name: '国庆节、中秋节调休上班' },
  { date: '2025-10-11', kind: 'workday', name: '国庆节、中秋节调休上班' },
];

const HOUR = 3_600_000;

describe('createCalendar', () => {
  it('uses China Standard Time and 09:00–17:00 with the cut-off at 17:00 when given no options', () => {
    // when
    const calendar = createCalendar([]);

    // then
    expect(calendar.utcOffsetMinutes).toBe(480);
    expect(calendar.officeHours).toEqual({ start: '09:00', end: '17:00' });
    expect(calendar.cutoff).toBe('17:00');
    expect(calendar.workingDayMillis).toBe(8 * HOUR);
    expect(calendar.coverage).toBeNull();
  });

  it('throws a CalendarDataError listing every issue when the exceptions are broken', () => {
    // given
    const broken = [
      { date: '2025-02-30', kind: 'holiday' },
      { date: '2025-10-01', kind: 'holiday' },
      { date: '2025-10-01', kind: 'workday' },
      { date: '2025-10-02', kind: 'rest' },
    ] as CalendarException[];

    // when
    const issues = checkExceptions(broken);

    // then
    expect(issues).toEqual([
      { index: 0, date: '2025-02-30', code: 'TB_CALENDAR_DATE_INVALID' },
      { index: 2, date: '2025-10-01', code: 'TB_CALENDAR_DATE_DUPLICATE' },
      { index: 3, date: '2025-10-02', code: 'TB_CALENDAR_KIND_INVALID' },
    ]);
    expect(() => createCalendar(broken)).toThrow(CalendarDataError);
  });

  it('refuses office hours that end before they start and a cut-off outside them', () => {
    expect(() => createCalendar([], { officeHours: { start: '17:00', end: '09:00' } })).toThrow(RangeError);
    expect(() => createCalendar([], { cutoff: '18:00' })).toThrow(RangeError);
    expect(() => createCalendar([], { cutoff: '09:00' })).toThrow(RangeError);
    expect(() => createCalendar([], { officeHours: { start: '9:00', end: '17:00' } })).toThrow(RangeError);
    expect(() => createCalendar([], { utcOffsetMinutes: 8 })).not.toThrow();
    expect(() => createCalendar([], { utcOffsetMinutes: 900 })).toThrow(RangeError);
  });

  it('does not see later changes to the list it was built from', () => {
    // given
    const exceptions: CalendarException[] = [{ date: '2025-10-01', kind: 'holiday' }];
    const calendar = createCalendar(exceptions);

    // when
    exceptions[0]!.kind = 'workday';

    // then
    expect(calendar.isWorkingDay('2025-10-01')).toBe(false);
  });
});

describe('WorkingCalendar days', () => {
  const calendar = createCalendar(GOLDEN_WEEK_2025);

  it('treats a weekday holiday as rest and a weekend make-up day as working', () => {
    expect(calendar.isWorkingDay('2025-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true);
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-12')).toBe(false);
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
  });

  it('reads an instant as its date on the calendar wall clock', () => {
    // 2025-09-30T16:30Z is 2025-10-01 00:30 in Beijing.
    expect(calendar.dateOf('2025-09-30T16:30:00Z')).toBe('2025-10-01');
    expect(calendar.isWorkingDay(new Date('2025-09-30T16:30:00Z'))).toBe(false);
    expect(calendar.isWorkingDay('2025-09-30T23:30:00+08:00')).toBe(true);
  });

  it('steps over the holiday to the next and previous working days', () => {
    expect(calendar.nextWorkingDay('2025-09-30')).toBe('2025-10-09');
    expect(calendar.nextWorkingDay('2025-10-10')).toBe('2025-10-11');
    expect(calendar.previousWorkingDay('2025-10-09')).toBe('2025-09-30');
    expect(calendar.previousWorkingDay('2025-09-29')).toBe('2025-09-28');
  });

  it('reports the exception behind a day and whether its year has data', () => {
    expect(calendar.exceptionOn('2025-10-11')).toEqual({
      date: '2025-10-11',
      kind: 'workday',
      name: '国庆节、中秋节调休上班',
    });
    expect(calendar.exceptionOn('2025-10-10')).toBeUndefined();
    expect(calendar.coverage).toEqual({ firstYear: 2025, lastYear: 2025, years: [2025], provisionalYears: [] });
    expect(calendar.coverageOf('2025-06-01')).toBe('published');
    expect(calendar.coverageOf('2026-06-01')).toBe('missing');
    expect(createCalendar(GOLDEN_WEEK_2025, { provisionalYears: [2025] }).coverageOf('2025-01-01')).toBe(
      'provisional',
    );
  });

  it('falls back to Monday to Friday outside the years of the data', () => {
    expect(calendar.isWorkingDay('2030-10-01')).toBe(true);
    expect(calendar.nextWorkingDay('2030-10-04')).toBe('2030-10-07');
  });
});

describe('WorkingCalendar receiptDate', () => {
  const calendar = createCalendar(GOLDEN_WEEK_2025);

  it('counts the same working day when received before the cut-off, office hours or not', () => {
    expect(calendar.receiptDate('2025-09-30T16:59:59.999+08:00')).toBe('2025-09-30');
    expect(calendar.receiptDate('2025-09-30T03:00:00+08:00')).toBe('2025-09-30');
  });

  it('counts the next working day when received at or after the cut-off before a holiday', () => {
    expect(calendar.receiptDate('2025-09-30T17:00:00+08:00')).toBe('2025-10-09');
    expect(calendar.receiptDate('2025-09-30T23:59:59+08:00')).toBe('2025-10-09');
  });

  it('counts the next working day when received on a rest day, a make-up Saturday included', () => {
    expect(calendar.receiptDate('2025-10-04T10:00:00+08:00')).toBe('2025-10-09');
    expect(calendar.receiptDate('2025-10-10T18:00:00+08:00')).toBe('2025-10-11');
  });

  it('applies a cut-off earlier than the end of office hours', () => {
    // given
    const early = createCalendar(GOLDEN_WEEK_2025, { cutoff: '16:30' });

    // then
    expect(early.receiptDate('2025-09-29T16:29:00+08:00')).toBe('2025-09-29');
    expect(early.receiptDate('2025-09-29T16:30:00+08:00')).toBe('2025-09-30');
    expect(early.format(early.addWorkingDays('2025-09-29T10:00:00+08:00', 1))).toBe(
      '2025-09-30T16:30:00.000+08:00',
    );
  });
});

describe('WorkingCalendar addWorkingDays', () => {
  const calendar = createCalendar(GOLDEN_WEEK_2025);

  it('ends at the cut-off of the n-th working day after the receipt day, skipping the holiday', () => {
    // given: received Monday 29 September at 10:00; 30 Sep, 9, 10, 11 (make-up Saturday) and 13 Oct follow.
    const received = '2025-09-29T10:00:00+08:00';

    // then
    expect(calendar.format(calendar.addWorkingDays(received, 0))).toBe('2025-09-29T17:00:00.000+08:00');
    expect(calendar.format(calendar.addWorkingDays(received, 1))).toBe('2025-09-30T17:00:00.000+08:00');
    expect(calendar.format(calendar.addWorkingDays(received, 2))).toBe('2025-10-09T17:00:00.000+08:00');
    expect(calendar.format(calendar.addWorkingDays(received, 4))).toBe('2025-10-11T17:00:00.000+08:00');
    expect(calendar.format(calendar.addWorkingDays(received, 5))).toBe('2025-10-13T17:00:00.000+08:00');
  });

  it('starts from the next working day when received after the cut-off', () => {
    expect(calendar.format(calendar.addWorkingDays('2025-09-30T17:30:00+08:00', 1))).toBe(
      '2025-10-10T17:00:00.000+08:00',
    );
  });

  it('goes back to earlier working days when n is negative', () => {
    expect(calendar.format(calendar.addWorkingDays('2025-10-09T10:00:00+08:00', -1))).toBe(
      '2025-09-30T17:00:00.000+08:00',
    );
  });

  it('refuses a fractional number of days', () => {
    expect(() => calendar.addWorkingDays('2025-10-09T10:00:00+08:00', 1.5)).toThrow(RangeError);
  });
});

describe('WorkingCalendar countWorkingDays', () => {
  const calendar = createCalendar(GOLDEN_WEEK_2025);

  it('counts a working day once its cut-off has passed, never the receipt day', () => {
    const received = '2025-09-29T10:00:00+08:00';
    expect(calendar.countWorkingDays(received, '2025-09-29T23:00:00+08:00')).toBe(0);
    expect(calendar.countWorkingDays(received, '2025-09-30T16:59:59+08:00')).toBe(0);
    expect(calendar.countWorkingDays(received, '2025-09-30T17:00:00+08:00')).toBe(1);
    expect(calendar.countWorkingDays(received, '2025-10-08T12:00:00+08:00')).toBe(1);
    expect(calendar.countWorkingDays(received, '2025-10-13T17:00:00+08:00')).toBe(5);
  });

  it('is zero when the end is before the start', () => {
    expect(calendar.countWorkingDays('2025-10-13T17:00:00+08:00', '2025-09-29T10:00:00+08:00')).toBe(0);
  });
});

describe('WorkingCalendar working time', () => {
  const calendar = createCalendar(GOLDEN_WEEK_2025);

  it('counts only office hours on working days', () => {
    expect(calendar.workingMillisBetween('2025-09-30T16:00:00+08:00', '2025-10-09T10:00:00+08:00')).toBe(2 * HOUR);
    expect(calendar.workingMillisBetween('2025-10-01T00:00:00+08:00', '2025-10-08T23:59:59+08:00')).toBe(0);
    expect(calendar.workingMillisBetween('2025-10-09T10:00:00+08:00', '2025-09-30T16:00:00+08:00')).toBe(-2 * HOUR);
  });

  it('pushes an instant through the holiday by working time, stopping at the earliest instant', () => {
    expect(calendar.format(calendar.addWorkingMillis('2025-09-30T16:00:00+08:00', 2 * HOUR))).toBe(
      '2025-10-09T10:00:00.000+08:00',
    );
    expect(calendar.format(calendar.addWorkingMillis('2025-09-30T16:00:00+08:00', HOUR))).toBe(
      '2025-09-30T17:00:00.000+08:00',
    );
    expect(calendar.format(calendar.addWorkingMillis('2025-10-09T10:00:00+08:00', -2 * HOUR))).toBe(
      '2025-09-30T16:00:00.000+08:00',
    );
    expect(calendar.format(calendar.addWorkingMillis('2025-10-09T10:00:00+08:00', -HOUR))).toBe(
      '2025-10-09T09:00:00.000+08:00',
    );
  });

  it('moves a deadline by the working time of a suspension (补正, Art. 45) to the same cut-off later', () => {
    // given: a deadline at 17:00 on 30 September, and a supplementation that stopped the clock for 3 working days.
    const due = '2025-09-30T17:00:00+08:00';

    // when
    const pushed = calendar.addWorkingMillis(due, 3 * calendar.workingDayMillis);

    // then
    expect(calendar.format(pushed)).toBe('2025-10-11T17:00:00.000+08:00');
  });

  it('returns the instant itself when adding no working time, even outside office hours', () => {
    expect(calendar.addWorkingMillis('2025-10-03T12:00:00+08:00', 0).toISOString()).toBe('2025-10-03T04:00:00.000Z');
  });
});

describe('WorkingCalendar dueProgress', () => {
  const calendar = createCalendar(GOLDEN_WEEK_2025);
  const start = '2025-09-29T10:00:00+08:00';
  const due = calendar.addWorkingDays(start, 5);

  it('has used nothing and has n days left on the receipt day, the day itself not counted', () => {
    expect(calendar.dueProgress(start, due, '2025-09-29T15:00:00+08:00')).toEqual({
      used: 0,
      workingDaysLeft: 5,
      workingMillisLeft: 2 * HOUR + 5 * 8 * HOUR,
      overdue: false,
    });
  });

  it('measures the share of working time used across the holiday', () => {
    // 30 Sep and 9 Oct whole, 3 hours of 10 Oct: 19 of 40 working hours.
    const progress = calendar.dueProgress(start, due, '2025-10-10T12:00:00+08:00');
    expect(progress.used).toBeCloseTo(19 / 40, 12);
    expect(progress.workingDaysLeft).toBe(3);
    expect(progress.overdue).toBe(false);
  });

  it('has 1 day left on the due day and reads 1 with none left at the due instant, still in time', () => {
    expect(calendar.dueProgress(start, due, '2025-10-13T09:00:00+08:00').workingDaysLeft).toBe(1);
    expect(calendar.dueProgress(start, due, due)).toEqual({
      used: 1,
      workingDaysLeft: 0,
      workingMillisLeft: 0,
      overdue: false,
    });
  });

  it('turns overdue after the due instant and counts the cut-offs missed since', () => {
    const evening = calendar.dueProgress(start, due, '2025-10-13T18:00:00+08:00');
    expect(evening).toMatchObject({ used: 1, workingDaysLeft: 0, overdue: true });
    const nextDay = calendar.dueProgress(start, due, '2025-10-14T17:00:00+08:00');
    expect(nextDay).toMatchObject({ used: 48 / 40, workingDaysLeft: -1, overdue: true });
  });

  it('reads 0 then 1 for a period of no working time', () => {
    const sameDay = calendar.addWorkingDays(start, 0);
    expect(calendar.dueProgress(start, sameDay, start).used).toBe(0);
    expect(calendar.dueProgress(start, sameDay, sameDay).used).toBe(1);
  });
});

describe('WorkingCalendar instants', () => {
  const calendar = createCalendar([]);

  it('reads a string without offset on the calendar wall clock and a date alone as its midnight', () => {
    expect(calendar.format('2025-03-03T09:30')).toBe('2025-03-03T09:30:00.000+08:00');
    expect(calendar.format('2025-03-03')).toBe('2025-03-03T00:00:00.000+08:00');
    expect(calendar.format('2025-03-03T01:30:00Z')).toBe('2025-03-03T09:30:00.000+08:00');
    expect(createCalendar([], { utcOffsetMinutes: 0 }).format('2025-03-03T09:30')).toBe('2025-03-03T09:30:00.000Z');
  });

  it('throws a RangeError for text that is not an instant and for an invalid Date', () => {
    expect(() => calendar.receiptDate('yesterday')).toThrow(RangeError);
    expect(() => calendar.receiptDate('2025-02-29T10:00:00+08:00')).toThrow(RangeError);
    expect(() => calendar.receiptDate(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2025-13-01')).toThrow(RangeError);
  });
});
