/**
 * ECharts options of the supervision dashboard, built from the API's views: pure functions of the data and the
 * labels, so they are tested without a canvas.
 */
import type { EvaluationSummary, Figures, Ranking } from '@/api/supervision';

/** Labels the charts need, in the UI language. */
export interface ChartLabels {
  inProgress: string;
  dueSoon: string;
  overdue: string;
  suspended: string;
  closed: string;
  onTimeRate: string;
  score: string;
  previousScore: string;
}

const COLORS = { inProgress: '#409eff', dueSoon: '#e6a23c', overdue: '#f56c6c', suspended: '#909399', closed: '#67c23a', onTimeRate: '#2f4554' };

/**
 * Live figures by group as stacked bars (in progress split into on track, due soon and overdue; suspended apart)
 * with the period's on-time rate as a line on a second axis. Groups with more open cases come first.
 */
export function figuresChart(figures: Figures, labels: ChartLabels, limit = 20) {
  const rows = [...figures.rows].sort((a, b) => (b.inProgress ?? 0) - (a.inProgress ?? 0) || (b.closed ?? 0) - (a.closed ?? 0)).slice(0, limit);
  const onTrack = rows.map((row) => Math.max(0, (row.inProgress ?? 0) - (row.dueSoon ?? 0) - (row.overdue ?? 0)));
  const option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 36, bottom: 72 },
    xAxis: { type: 'category', data: rows.map((row) => row.name), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0, fontSize: 11 } },
    yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }],
    series: [
      { name: labels.inProgress, type: 'bar', stack: 'open', data: onTrack, itemStyle: { color: COLORS.inProgress } },
      { name: labels.dueSoon, type: 'bar', stack: 'open', data: rows.map((row) => row.dueSoon ?? 0), itemStyle: { color: COLORS.dueSoon } },
      { name: labels.overdue, type: 'bar', stack: 'open', data: rows.map((row) => row.overdue ?? 0), itemStyle: { color: COLORS.overdue } },
      { name: labels.closed, type: 'bar', data: rows.map((row) => row.closed ?? 0), itemStyle: { color: COLORS.closed } },
      {
        name: labels.onTimeRate, type: 'line', yAxisIndex: 1, data: rows.map((row) => (row.onTimeRate === null || row.onTimeRate === undefined ? null : Math.round(row.onTimeRate * 1000) / 10)),
        itemStyle: { color: COLORS.onTimeRate }, connectNulls: true,
      },
    ],
  };
  // The group keys in bar order, so a click drills into the right one.
  return { option, keys: rows.map((row) => row.key), names: rows.map((row) => row.name) };
}

/** The ranking's composite scores as horizontal bars (best on top), with the previous period's score beside. */
export function rankingOption(ranking: Ranking, labels: ChartLabels, limit = 15) {
  const rows = ranking.rows.filter((row) => row.score !== null).slice(0, limit).reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    // containLabel keeps long department names inside the chart; the longest are cut with an ellipsis.
    grid: { left: 8, right: 32, top: 30, bottom: 24, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: { type: 'category', data: rows.map((row) => `${row.rank ?? '—'}. ${row.name}`), axisLabel: { fontSize: 11, width: 160, overflow: 'truncate' } },
    series: [
      { name: labels.score, type: 'bar', data: rows.map((row) => row.score), itemStyle: { color: '#409eff' }, label: { show: true, position: 'right', formatter: '{c}' } },
      { name: labels.previousScore, type: 'bar', data: rows.map((row) => row.previousScore ?? null), itemStyle: { color: '#c0c4cc' } },
    ],
  };
}

/** The five grades of 好差评 over all groups, as a pie. */
export function gradesOption(summary: EvaluationSummary, gradeLabel: (grade: string) => string) {
  const totals = new Map<string, number>();
  for (const row of summary.rows) for (const [grade, count] of Object.entries(row.grades ?? {})) totals.set(grade, (totals.get(grade) ?? 0) + count);
  const order = ['very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied'];
  const colors = ['#67c23a', '#95d475', '#e6a23c', '#f89898', '#f56c6c'];
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{
      type: 'pie', radius: ['40%', '68%'], center: ['50%', '45%'],
      data: order.filter((grade) => totals.has(grade)).map((grade) => ({ name: gradeLabel(grade), value: totals.get(grade)!, itemStyle: { color: colors[order.indexOf(grade)] } })),
    }],
  };
}

/** The dimension shown after drilling into a group of `groupBy` (department → district → level → item, or district first). */
export function nextDimension(groupBy: string, start: 'department' | 'district'): 'department' | 'district' | 'level' | 'item' | null {
  const order = start === 'department' ? ['department', 'district', 'level', 'item'] : ['district', 'department', 'level', 'item'];
  const next = order[order.indexOf(groupBy) + 1];
  return (next as 'department' | 'district' | 'level' | 'item' | undefined) ?? null;
}
