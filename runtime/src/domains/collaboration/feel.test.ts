import { describe, expect, it } from 'vitest';
import { evaluateMapping, evaluateValue } from './feel';

const now = new Date('2026-03-02T01:30:00Z');

describe('evaluateValue', () => {
  it('evaluates FEEL after "=" and keeps constants as they are', () => {
    expect(evaluateValue('=grade in ["一级", "二级"]', { grade: '二级' }, now)).toEqual({ ok: true, value: true });
    expect(evaluateValue('13800138000', {}, now)).toEqual({ ok: true, value: '13800138000' });
  });

  it('answers today() in China Standard Time and turns temporal values into ISO text', () => {
    // given 01:30 UTC, which is 09:30 in Beijing on the same day
    expect(evaluateValue('=today()', {}, now)).toEqual({ ok: true, value: '2026-03-02' });
    expect(evaluateValue('=years and months duration(date(birthDate), today()).years', { birthDate: '1962-08-09' }, now)).toEqual({ ok: true, value: 63 });
  });

  it('gives null for a missing variable and a failure for a syntax error or an unknown function', () => {
    expect(evaluateValue('=missing', {}, now)).toEqual({ ok: true, value: null });
    expect(evaluateValue('=1 +', {}, now).ok).toBe(false);
    expect(evaluateValue('=nosuch(1)', {}, now).ok).toBe(false);
  });
});

describe('evaluateMapping', () => {
  it('maps each target and reports the ones that fail, leaving nulls out', () => {
    const { values, failures } = evaluateMapping({ a: '=x + 1', b: '=missing', c: 'constant', d: '=1 +' }, { x: 1 }, now);
    expect(values).toEqual({ a: 2, c: 'constant' });
    expect(failures.map((failure) => failure.target)).toEqual(['d']);
  });
});
