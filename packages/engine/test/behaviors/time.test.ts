import { describe, expect, it } from 'vitest';
import { addIsoDuration, formatInstant, parseInstant, parseIsoCycle, parseIsoDuration } from '../../src/behaviors/time.js';
import { nextTimerDue } from '../../src/index.js';

const at = (iso: string): number => parseInstant(iso, 0)!;
const plus = (iso: string, duration: string, offset = 0): string => formatInstant(addIsoDuration(at(iso), parseIsoDuration(duration)!, offset));

describe('ISO-8601 durations', () => {
  it('parses every component and rejects malformed values', () => {
    expect(parseIsoDuration('P1Y2M3W4DT5H6M7.5S')).toEqual({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7.5 });
    expect(parseIsoDuration('PT1S')).toMatchObject({ seconds: 1 });
    for (const bad of ['P', 'PT', 'P1', '1D', 'P1DT', 'PT1D', 'P-1D', '']) expect(parseIsoDuration(bad)).toBeNull();
  });

  it('adds months and years on the calendar, clamping to the end of the month', () => {
    expect(plus('2024-01-31T10:00:00Z', 'P1M')).toBe('2024-02-29T10:00:00.000Z');
    expect(plus('2025-01-31T10:00:00Z', 'P1M')).toBe('2025-02-28T10:00:00.000Z');
    expect(plus('2024-02-29T00:00:00Z', 'P1Y')).toBe('2025-02-28T00:00:00.000Z');
    expect(plus('2024-12-31T23:59:59Z', 'PT1S')).toBe('2025-01-01T00:00:00.000Z');
    expect(plus('2024-12-31T12:00:00Z', 'P1D')).toBe('2025-01-01T12:00:00.000Z');
    expect(plus('2024-11-30T00:00:00Z', 'P1Y2M')).toBe('2026-01-30T00:00:00.000Z');
    expect(plus('2024-08-31T00:00:00Z', 'P6M')).toBe('2025-02-28T00:00:00.000Z');
    expect(plus('2025-03-31T00:00:00Z', 'P1W')).toBe('2025-04-07T00:00:00.000Z');
  });

  it('does the calendar arithmetic on the wall clock of the given offset', () => {
    // 2024-01-30T17:00Z is 31 January 01:00 in Beijing: one month later is 29 February 01:00 Beijing time
    expect(plus('2024-01-30T17:00:00Z', 'P1M', 480)).toBe('2024-02-28T17:00:00.000Z');
    expect(plus('2024-01-30T17:00:00Z', 'P1M', 0)).toBe('2024-02-29T17:00:00.000Z');
  });
});

describe('ISO-8601 instants and cycles', () => {
  it('parses instants with Z, offsets, zone ids, dates and local times', () => {
    expect(parseInstant('2025-03-01T08:00:00+08:00', 0)).toBe(at('2025-03-01T00:00:00Z'));
    expect(parseInstant('2025-03-01T08:00:00.250Z', 0)).toBe(at('2025-03-01T08:00:00Z') + 250);
    expect(parseInstant('2025-03-01T08:00:00[Asia/Shanghai]', 0)).toBe(at('2025-03-01T00:00:00Z'));
    expect(parseInstant('2025-03-01T08:00:00@Asia/Shanghai', 0)).toBe(at('2025-03-01T00:00:00Z'));
    expect(parseInstant('2025-03-01', 480)).toBe(at('2025-02-28T16:00:00Z'));
    expect(parseInstant('2025-02-30T00:00:00Z', 0)).toBeNull();
    expect(parseInstant('tomorrow', 0)).toBeNull();
  });

  it('parses repeating intervals', () => {
    expect(parseIsoCycle('R/P1D', 0)).toMatchObject({ repetitions: null, intervalText: 'P1D' });
    expect(parseIsoCycle('R3/PT10M', 0)).toMatchObject({ repetitions: 3, intervalText: 'PT10M' });
    expect(parseIsoCycle('R2/2025-01-01T00:00:00Z/P1M', 0)).toMatchObject({ repetitions: 2, startMs: at('2025-01-01T00:00:00Z') });
    expect(parseIsoCycle('P1D', 0)).toBeNull();
    expect(parseIsoCycle('R/PT0S', 0)).toBeNull();
  });
});

describe('nextTimerDue', () => {
  const now = '2024-12-31T16:00:00.000Z';

  it('schedules durations, dates and cycles', () => {
    expect(nextTimerDue({ kind: 'duration', expression: 'P1D' }, now)).toEqual({ ok: true, dueAt: '2025-01-01T16:00:00.000Z' });
    expect(nextTimerDue({ kind: 'date', expression: '2025-02-01T09:00:00+08:00' }, now)).toEqual({ ok: true, dueAt: '2025-02-01T01:00:00.000Z' });
    expect(nextTimerDue({ kind: 'cycle', expression: 'R/P1D' }, now)).toEqual({ ok: true, dueAt: '2025-01-01T16:00:00.000Z', repetitions: null });
    expect(nextTimerDue({ kind: 'cycle', expression: 'R3/PT10M' }, now)).toEqual({ ok: true, dueAt: '2024-12-31T16:10:00.000Z', repetitions: 3 });
    expect(nextTimerDue({ kind: 'cycle', expression: 'R3/2025-06-01T00:00:00Z/P1M' }, now)).toEqual({ ok: true, dueAt: '2025-06-01T00:00:00.000Z', repetitions: 3 });
    // after the start has passed, the cycle continues one interval after the previous due time
    expect(nextTimerDue({ kind: 'cycle', expression: 'R3/2025-06-01T00:00:00Z/P1M' }, '2025-06-01T00:00:00.000Z')).toMatchObject({ dueAt: '2025-07-01T00:00:00.000Z' });
  });

  it('evaluates FEEL timers against variables, with now() on the given clock', () => {
    expect(nextTimerDue({ kind: 'duration', expression: '=wait' }, now, { variables: { wait: 'PT1H' } })).toMatchObject({ dueAt: '2024-12-31T17:00:00.000Z' });
    expect(nextTimerDue({ kind: 'duration', expression: '=duration("P1M")' }, '2025-01-31T00:00:00Z')).toMatchObject({ dueAt: '2025-02-28T00:00:00.000Z' });
    expect(nextTimerDue({ kind: 'date', expression: '=now() + duration("PT30M")' }, now)).toMatchObject({ dueAt: '2024-12-31T16:30:00.000Z' });
    expect(nextTimerDue({ kind: 'date', expression: '=date("2025-01-02")' }, now, { utcOffsetMinutes: 480 })).toMatchObject({ dueAt: '2025-01-01T16:00:00.000Z' });
  });

  it('reports values that are not timers', () => {
    const outcome = nextTimerDue({ kind: 'duration', expression: '=1.23' }, now);
    expect(outcome).toMatchObject({ ok: false, code: 'TB_ENGINE_TIMER_INVALID' });
    expect(nextTimerDue({ kind: 'cycle', expression: '0 0 9 * * ?' }, now)).toMatchObject({ ok: false });
    expect(nextTimerDue({ kind: 'duration', expression: 'P1D' }, 'soon')).toMatchObject({ ok: false });
  });
});
