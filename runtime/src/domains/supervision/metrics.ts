import { SCORE_INDICATORS, type ScoreIndicator, type ScoreWeights } from './settings';

/** Sums of one group over a period, as the rollups hold them. */
export interface GroupTotals {
  closed: number;
  ended: number;
  onTime: number;
  late: number;
  wentOverdue: number;
  handled: number;
  handlingDaysSum: number;
  committedDaysSum: number;
  /** Handling-time histogram: index i counts cases of i / 2 working days (rounded up); the last index is overflow. */
  hist: number[];
  online: number;
  noVisit: number;
  licenceReused: number;
  evalCount: number;
  /** Grade counts, best first (very satisfied … very dissatisfied). */
  grades: [number, number, number, number, number];
}

/** The ranking's indicators of one group; a rate is null when nothing was there to measure. */
export interface Indicators {
  closed: number;
  onTimeRate: number | null;
  overdueRate: number | null;
  avgHandlingDays: number | null;
  p90HandlingDays: number | null;
  /** 1 − average handling ÷ average committed limit, within [0, 1] (时限压缩率). */
  speed: number | null;
  satisfactionRate: number | null;
  licenceReuseRate: number | null;
  onlineShare: number | null;
  noVisitShare: number | null;
  evaluations: number;
  badEvaluations: number;
}

export const emptyTotals = (): GroupTotals => ({
  closed: 0, ended: 0, onTime: 0, late: 0, wentOverdue: 0, handled: 0, handlingDaysSum: 0, committedDaysSum: 0, hist: [],
  online: 0, noVisit: 0, licenceReused: 0, evalCount: 0, grades: [0, 0, 0, 0, 0],
});

/** Element-wise sum of two histograms. */
export function addHist(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(Math.max(a.length, b.length)).fill(0);
  for (let i = 0; i < out.length; i += 1) out[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return out;
}

/** Adds `b` into `a`. */
export function addTotals(a: GroupTotals, b: GroupTotals): GroupTotals {
  return {
    closed: a.closed + b.closed, ended: a.ended + b.ended, onTime: a.onTime + b.onTime, late: a.late + b.late,
    wentOverdue: a.wentOverdue + b.wentOverdue, handled: a.handled + b.handled, handlingDaysSum: a.handlingDaysSum + b.handlingDaysSum,
    committedDaysSum: a.committedDaysSum + b.committedDaysSum, hist: addHist(a.hist, b.hist), online: a.online + b.online,
    noVisit: a.noVisit + b.noVisit, licenceReused: a.licenceReused + b.licenceReused, evalCount: a.evalCount + b.evalCount,
    grades: a.grades.map((n, i) => n + b.grades[i]!) as GroupTotals['grades'],
  };
}

/**
 * The p-th percentile (nearest rank) of a half-day histogram, in working days: the smallest bucket whose
 * cumulative count reaches ⌈p × n⌉. Null for an empty histogram.
 */
export function histPercentile(hist: readonly number[], p: number): number | null {
  const total = hist.reduce((sum, n) => sum + n, 0);
  if (total <= 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let cumulative = 0;
  for (let i = 0; i < hist.length; i += 1) {
    cumulative += hist[i] ?? 0;
    if (cumulative >= rank) return i / 2;
  }
  return (hist.length - 1) / 2;
}

const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);
const round = (value: number | null, digits = 4) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/**
 * The indicators of a group (docs/supervision.md, "Ranking"):
 * - on-time rate = closed in time ÷ closed;
 * - overdue rate = went overdue ÷ (went overdue + closed in time): each case is judged once, when its fate is
 *   sealed — when it closes in time, or when its deadline passes while it is still open (the red warning);
 * - average and p90 handling time in working days, less clock stops (p90 to the half day);
 * - speed = 1 − average handling ÷ average committed limit, clamped to [0, 1];
 * - satisfaction rate = (very satisfied + satisfied + basically satisfied) ÷ evaluations;
 * - licence reuse, fully online and no-visit shares of the closed cases.
 */
export function indicators(totals: GroupTotals): Indicators {
  const avgHandling = ratio(totals.handlingDaysSum, totals.handled);
  const avgCommitted = ratio(totals.committedDaysSum, totals.handled);
  const speed = avgHandling === null || !avgCommitted ? null : Math.min(1, Math.max(0, 1 - avgHandling / avgCommitted));
  const good = totals.grades[0] + totals.grades[1] + totals.grades[2];
  return {
    closed: totals.closed,
    onTimeRate: round(ratio(totals.onTime, totals.closed)),
    overdueRate: round(ratio(totals.wentOverdue, totals.wentOverdue + totals.onTime)),
    avgHandlingDays: round(avgHandling, 2),
    p90HandlingDays: histPercentile(totals.hist, 0.9),
    speed: round(speed),
    satisfactionRate: round(ratio(good, totals.evalCount)),
    licenceReuseRate: round(ratio(totals.licenceReused, totals.closed)),
    onlineShare: round(ratio(totals.online, totals.closed)),
    noVisitShare: round(ratio(totals.noVisit, totals.closed)),
    evaluations: totals.evalCount,
    badEvaluations: totals.grades[3] + totals.grades[4],
  };
}

/** Each score indicator's value in [0, 1], higher better; null when it cannot be measured. */
export function indicatorScores(values: Indicators): Record<ScoreIndicator, number | null> {
  return {
    onTime: values.onTimeRate,
    overdue: values.overdueRate === null ? null : 1 - values.overdueRate,
    speed: values.speed,
    satisfaction: values.satisfactionRate,
    licenceReuse: values.licenceReuseRate,
    online: values.onlineShare,
    noVisit: values.noVisitShare,
  };
}

/**
 * The composite score, 0–100: the weighted mean of the indicator scores that can be measured,
 * `100 × Σ wᵢ·sᵢ ÷ Σ wᵢ` over indicators with a value and a positive weight. Null when none applies.
 */
export function compositeScore(values: Indicators, weights: ScoreWeights): number | null {
  const scores = indicatorScores(values);
  let weighted = 0;
  let weightSum = 0;
  for (const name of SCORE_INDICATORS) {
    const score = scores[name];
    const weight = weights[name];
    if (score === null || !(weight > 0)) continue;
    weighted += weight * score;
    weightSum += weight;
  }
  return weightSum > 0 ? Math.round((10_000 * weighted) / weightSum) / 100 : null;
}

/**
 * Competition ranking ("1224") by score, highest first; groups without a score come last, unranked. Ties of score
 * share a rank; the order among them is by closed cases, then key.
 */
export function rankByScore<T extends { key: string; score: number | null; closed: number }>(rows: T[]): Array<T & { rank: number | null }> {
  const sorted = [...rows].sort((a, b) => {
    if (a.score === null || b.score === null) return a.score === null ? (b.score === null ? a.key.localeCompare(b.key) : 1) : -1;
    return b.score - a.score || b.closed - a.closed || a.key.localeCompare(b.key);
  });
  let previous: number | null = null;
  let previousRank = 0;
  return sorted.map((row, index) => {
    if (row.score === null) return { ...row, rank: null };
    const rank = row.score === previous ? previousRank : index + 1;
    previous = row.score;
    previousRank = rank;
    return { ...row, rank };
  });
}
