import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../errors/catalogue';
import { addDays, dateOf, dayNumber, monthsTouching, previousPeriod, resolvePeriod, rollupCover } from './period';

describe('resolvePeriod', () => {
  const today = '2026-11-24';

  it('reads a month, a quarter, a year and a custom range', () => {
    expect(resolvePeriod({ month: '2026-02' }, today)).toEqual({ kind: 'month', from: '2026-02-01', to: '2026-02-28', label: '2026-02' });
    expect(resolvePeriod({ quarter: '2026-Q4' }, today)).toEqual({ kind: 'quarter', from: '2026-10-01', to: '2026-12-31', label: '2026-Q4' });
    expect(resolvePeriod({ year: '2024' }, today)).toMatchObject({ from: '2024-01-01', to: '2024-12-31' });
    expect(resolvePeriod({ from: '2026-11-03', to: '2026-11-20' }, today)).toMatchObject({ kind: 'custom', from: '2026-11-03', to: '2026-11-20' });
  });

  it('defaults to the current month, or the current day, quarter or year when asked', () => {
    expect(resolvePeriod({}, today)).toMatchObject({ kind: 'month', from: '2026-11-01', to: '2026-11-30' });
    expect(resolvePeriod({ period: 'today' }, today)).toMatchObject({ kind: 'day', from: today, to: today });
    expect(resolvePeriod({ period: 'quarter' }, today)).toMatchObject({ from: '2026-10-01', to: '2026-12-31' });
  });

  it('refuses impossible dates and reversed or huge ranges with the parameter named', () => {
    const codeAndPath = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof AppError ? [error.code, error.path] : ['?', '?'];
      }
      return ['no error'];
    };
    expect(codeAndPath(() => resolvePeriod({ month: '2026-13' }, today))).toEqual(['TB_SUPERVISION_PERIOD_INVALID', '/month']);
    expect(codeAndPath(() => resolvePeriod({ from: '2026-02-30' }, today))).toEqual(['TB_SUPERVISION_PERIOD_INVALID', '/from']);
    expect(codeAndPath(() => resolvePeriod({ from: '2026-11-20', to: '2026-11-01' }, today))).toEqual(['TB_SUPERVISION_PERIOD_INVALID', '/to']);
    expect(codeAndPath(() => resolvePeriod({ from: '2000-01-01', to: '2026-11-01' }, today))).toEqual(['TB_SUPERVISION_PERIOD_INVALID', '/to']);
  });
});

describe('previousPeriod', () => {
  it('steps back a month across a year, a quarter, and an equal span for custom ranges', () => {
    expect(previousPeriod(resolvePeriod({ month: '2026-01' }, '2026-01-10'))).toMatchObject({ from: '2025-12-01', to: '2025-12-31' });
    expect(previousPeriod(resolvePeriod({ quarter: '2026-Q1' }, '2026-01-10'))).toMatchObject({ label: '2025-Q4' });
    expect(previousPeriod(resolvePeriod({ from: '2026-03-01', to: '2026-03-10' }, '2026-03-10'))).toMatchObject({ from: '2026-02-19', to: '2026-02-28' });
  });
});

describe('rollupCover', () => {
  it('reads whole months monthly and the ends daily', () => {
    expect(rollupCover('2026-01-15', '2026-03-10')).toEqual({ months: ['2026-02-01'], dayRanges: [['2026-01-15', '2026-01-31'], ['2026-03-01', '2026-03-10']] });
    expect(rollupCover('2026-01-01', '2026-03-31')).toEqual({ months: ['2026-01-01', '2026-02-01', '2026-03-01'], dayRanges: [] });
    expect(rollupCover('2026-11-24', '2026-11-24')).toEqual({ months: [], dayRanges: [['2026-11-24', '2026-11-24']] });
  });

  it('covers every day of any range exactly once (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 19_700, max: 21_000 }), fc.integer({ min: 0, max: 800 }), (start, length) => {
      const from = addDays('1970-01-01', start);
      const to = addDays(from, length);
      const { months, dayRanges } = rollupCover(from, to);
      const days: number[] = [];
      for (const month of months) {
        for (let d = month; d.slice(0, 7) === month.slice(0, 7); d = addDays(d, 1)) days.push(dayNumber(d));
      }
      for (const [a, b] of dayRanges) for (let d = dayNumber(a); d <= dayNumber(b); d += 1) days.push(d);
      days.sort((x, y) => x - y);
      expect(days).toEqual(Array.from({ length: length + 1 }, (_, i) => dayNumber(from) + i));
    }), { numRuns: 200 });
  });
});

describe('monthsTouching', () => {
  it('widens a range to the whole months it touches, across a year end', () => {
    expect(monthsTouching('2025-11-15', '2026-01-03')).toEqual({
      months: ['2025-11-01', '2025-12-01', '2026-01-01'], covered: { from: '2025-11-01', to: '2026-01-31' },
    });
    expect(monthsTouching('2026-02-01', '2026-02-28')).toEqual({ months: ['2026-02-01'], covered: { from: '2026-02-01', to: '2026-02-28' } });
  });
});

describe('dateOf', () => {
  it('reads an instant on the UTC+8 wall clock', () => {
    expect(dateOf(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24');
    expect(dateOf(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23');
  });
});
