import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/catalogue';
import { addHist, compositeScore, emptyTotals, histPercentile, indicators, rankByScore } from './metrics';
import { DEFAULT_WEIGHTS, loadSupervisionSettings, parseWeights } from './settings';

describe('histPercentile', () => {
  it('takes the nearest rank over half-day buckets', () => {
    // Ten cases: 1 day ×5, 2 days ×4, 6.5 days ×1 → p90 is the 9th case, 2 days; p50 the 5th, 1 day.
    const hist = addHist(addHist(Object.assign(new Array(3).fill(0), { 2: 5 }), Object.assign(new Array(5).fill(0), { 4: 4 })), Object.assign(new Array(14).fill(0), { 13: 1 }));
    expect(histPercentile(hist, 0.9)).toBe(2);
    expect(histPercentile(hist, 0.5)).toBe(1);
    expect(histPercentile(hist, 1)).toBe(6.5);
    expect(histPercentile([], 0.9)).toBeNull();
  });
});

describe('indicators and the composite score', () => {
  const totals = {
    ...emptyTotals(), closed: 10, ended: 1, onTime: 8, late: 2, wentOverdue: 3, handled: 10, handlingDaysSum: 25, committedDaysSum: 50,
    online: 6, noVisit: 7, licenceReused: 4, evalCount: 5, grades: [2, 1, 1, 1, 0] as [number, number, number, number, number],
  };

  it('derives each rate from its documented numerator and denominator', () => {
    expect(indicators(totals)).toMatchObject({
      closed: 10, onTimeRate: 0.8, overdueRate: 0.2727, avgHandlingDays: 2.5, speed: 0.5, satisfactionRate: 0.8,
      licenceReuseRate: 0.4, onlineShare: 0.6, noVisitShare: 0.7, evaluations: 5, badEvaluations: 1,
    });
  });

  it('averages the measurable indicators by weight, leaving out those without data', () => {
    // 100 × (0.25·0.8 + 0.15·(1 − 3/11) + 0.1·0.5 + 0.2·0.8 + 0.1·0.4 + 0.1·0.6 + 0.1·0.7) / 1.0
    const expected = 100 * (0.25 * 0.8 + 0.15 * (1 - 0.2727) + 0.1 * 0.5 + 0.2 * 0.8 + 0.1 * 0.4 + 0.1 * 0.6 + 0.1 * 0.7);
    expect(compositeScore(indicators(totals), DEFAULT_WEIGHTS)).toBeCloseTo(expected, 1);
    const noEvaluations = indicators({ ...totals, evalCount: 0, grades: [0, 0, 0, 0, 0] });
    expect(noEvaluations.satisfactionRate).toBeNull();
    const withoutSatisfaction = (expected - 100 * 0.2 * 0.8) / 0.8;
    expect(compositeScore(noEvaluations, DEFAULT_WEIGHTS)).toBeCloseTo(withoutSatisfaction, 1);
    expect(compositeScore(indicators(emptyTotals()), DEFAULT_WEIGHTS)).toBeNull();
  });
});

describe('rankByScore', () => {
  it('gives ties one rank, orders them by volume, and puts unscored groups last', () => {
    const ranked = rankByScore([
      { key: 'a', score: 80, closed: 5 }, { key: 'b', score: 90, closed: 1 }, { key: 'c', score: 80, closed: 9 },
      { key: 'd', score: null, closed: 0 }, { key: 'e', score: 70, closed: 3 },
    ]);
    expect(ranked.map((row) => [row.key, row.rank])).toEqual([['b', 1], ['c', 2], ['a', 2], ['e', 4], ['d', null]]);
  });
});

describe('settings', () => {
  it('parses weights over the defaults and refuses unknown indicators or all-zero weights', () => {
    expect(parseWeights('onTime=0.5, satisfaction:0')).toMatchObject({ onTime: 0.5, satisfaction: 0, speed: DEFAULT_WEIGHTS.speed });
    expect(() => parseWeights('speedy=1')).toThrow(AppError);
    expect(() => parseWeights('onTime=0,overdue=0,speed=0,satisfaction=0,licenceReuse=0,online=0,noVisit=0')).toThrow(AppError);
  });

  it('reads the environment and refuses a malformed value at start-up', () => {
    expect(loadSupervisionSettings({ TONGBAN_SUPERVISION_YELLOW_SHARE: '0.75', TONGBAN_EVALUATION_RECTIFICATION_DAYS: '10' }))
      .toMatchObject({ yellowShare: 0.75, rectificationDays: 10, acceptanceLimitDays: 5 });
    expect(() => loadSupervisionSettings({ TONGBAN_SUPERVISION_YELLOW_SHARE: '80%' })).toThrow(/YELLOW_SHARE/);
  });
});
