import { describe, expect, it } from 'vitest';
import { createCalendar, provisionalYearsOf, seedRows } from './index';

// Issue #8: the legal clock on the seeded calendar, in the situations a service window meets around the notices of
// 2024–2026. Deadlines are 17:00 China Standard Time on the last working day.
const calendar = createCalendar(seedRows(), { provisionalYears: provisionalYearsOf() });
const deadline = (received: string, n: number): string => calendar.format(calendar.addWorkingDays(received, n));

describe('legal clock on the 2024 notice', () => {
  it('runs a 5-day period from a make-up Sunday across 国庆节 to the make-up Saturday', () => {
    // given: received on Sunday 29 September 2024, a make-up working day, so it is the receipt day.
    const received = '2024-09-29T11:00:00+08:00';

    // then: 30 Sep, 8, 9, 10 and 11 Oct are days 1–5; Saturday 12 Oct is day 6.
    expect(calendar.receiptDate(received)).toBe('2024-09-29');
    expect(deadline(received, 5)).toBe('2024-10-11T17:00:00.000+08:00');
    expect(deadline(received, 6)).toBe('2024-10-12T17:00:00.000+08:00');
  });

  it('counts 除夕 2024 as a working day, since that notice only encouraged rest', () => {
    expect(calendar.receiptDate('2024-02-09T10:00:00+08:00')).toBe('2024-02-09');
    expect(deadline('2024-02-09T10:00:00+08:00', 1)).toBe('2024-02-18T17:00:00.000+08:00');
  });
});

describe('legal clock on the 2025 notice', () => {
  it('moves a Friday-evening receipt before 春节 to the make-up Sunday and runs 20 days past the holiday', () => {
    // given: Friday 24 January 2025 at 18:00, after the cut-off; Sunday 26 January is a make-up working day.
    const received = '2025-01-24T18:00:00+08:00';

    // when
    const due = calendar.addWorkingDays(received, 20);

    // then: 27 Jan, 5–8 Feb (8 Feb a make-up Saturday), 10–14, 17–21 and 24–28 Feb.
    expect(calendar.receiptDate(received)).toBe('2025-01-26');
    expect(calendar.format(due)).toBe('2025-02-28T17:00:00.000+08:00');
    expect(calendar.countWorkingDays(received, due)).toBe(20);
    expect(calendar.countWorkingDays(received, '2025-02-07T17:00:00+08:00')).toBe(4);
  });

  it('runs a period through the merged 国庆节、中秋节 and its make-up Saturday', () => {
    // Received at the cut-off on 30 September: the receipt day is 9 October; 10 and 11 October are days 1 and 2.
    expect(deadline('2025-09-30T17:00:00+08:00', 2)).toBe('2025-10-11T17:00:00.000+08:00');
    expect(deadline('2025-09-30T17:00:00+08:00', 3)).toBe('2025-10-13T17:00:00.000+08:00');
  });
});

describe('legal clock on the 2026 notice', () => {
  it('gives the 5-day notice of missing materials (Art. 32) across 春节 to the make-up Saturday', () => {
    // given: Friday 13 February 2026 at 17:30; Saturday 14 February is a make-up working day.
    const received = '2026-02-13T17:30:00+08:00';

    // then: 24, 25, 26, 27 Feb and the make-up Saturday 28 Feb.
    expect(calendar.receiptDate(received)).toBe('2026-02-14');
    expect(deadline(received, 1)).toBe('2026-02-24T17:00:00.000+08:00');
    expect(deadline(received, 5)).toBe('2026-02-28T17:00:00.000+08:00');
  });

  it('moves a receipt after 17:00 on the Friday before 清明节 to the Tuesday after it', () => {
    expect(calendar.receiptDate('2026-04-03T16:59:00+08:00')).toBe('2026-04-03');
    expect(calendar.receiptDate('2026-04-03T17:05:00+08:00')).toBe('2026-04-07');
    expect(deadline('2026-04-03T17:05:00+08:00', 1)).toBe('2026-04-08T17:00:00.000+08:00');
  });

  it('moves a New Year’s Eve receipt after hours to the make-up Sunday 4 January', () => {
    expect(calendar.receiptDate('2025-12-31T17:30:00+08:00')).toBe('2026-01-04');
  });

  it('decides within 20 days (Art. 42) across 中秋节 and 国庆节 and pushes the deadline by a suspension', () => {
    // given: received Monday 14 September 2026; 20 September and 10 October are make-up working days.
    const received = '2026-09-14T10:00:00+08:00';
    const due = calendar.addWorkingDays(received, 20);

    // when: a supplementation (补正) stops the clock from 16 September 10:00 to 22 September 15:00.
    const stopped = calendar.workingMillisBetween('2026-09-16T10:00:00+08:00', '2026-09-22T15:00:00+08:00');
    const pushed = calendar.addWorkingMillis(due, stopped);

    // then: 7 + 8 + 8 + 8 (Sunday 20th) + 8 + 6 hours stopped, so 5 working days and 5 hours later.
    expect(calendar.format(due)).toBe('2026-10-16T17:00:00.000+08:00');
    expect(stopped).toBe(45 * 3_600_000);
    expect(calendar.format(pushed)).toBe('2026-10-26T14:00:00.000+08:00');
  });

  it('warns yellow half-way through a 20-day period that straddles 国庆节', () => {
    const received = '2026-09-14T10:00:00+08:00';
    const due = calendar.addWorkingDays(received, 20);
    expect(calendar.dueProgress(received, due, '2026-09-28T17:00:00+08:00')).toMatchObject({
      used: 0.5,
      workingDaysLeft: 10,
      overdue: false,
    });
  });
});

describe('legal clock beyond the notices', () => {
  it('reports 2027 as provisional and 2028 as missing so the runtime can warn', () => {
    expect(calendar.coverage).toMatchObject({ firstYear: 2024, lastYear: 2027, provisionalYears: [2027] });
    expect(calendar.coverageOf('2026-12-31')).toBe('published');
    expect(calendar.coverageOf(calendar.addWorkingDays('2026-12-10T10:00:00+08:00', 20))).toBe('provisional');
    expect(calendar.coverageOf('2028-01-03')).toBe('missing');
  });

  it('counts the statutory 2027 holidays and falls back to weekdays in 2028', () => {
    // 2027 春节: 5–8 February (除夕 to 初三); Friday 5 and Monday 8 are off.
    expect(deadline('2027-02-04T10:00:00+08:00', 1)).toBe('2027-02-09T17:00:00.000+08:00');
    expect(deadline('2028-01-28T18:00:00+08:00', 0)).toBe('2028-01-31T17:00:00.000+08:00');
  });
});
