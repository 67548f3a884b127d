import { describe, expect, it } from 'vitest';
import type { EvaluationSummary, Figures, Ranking } from '@/api/supervision';
import { figuresChart, gradesOption, nextDimension, rankingOption, type ChartLabels } from './charts';

const labels: ChartLabels = {
  inProgress: '在办', dueSoon: '即将超期', overdue: '已超期', suspended: '中止', closed: '办结', onTimeRate: '按时办结率', score: '综合得分', previousScore: '上期得分',
};

describe('supervision charts', () => {
  it('puts the groups with most open cases first and splits them into on track, due soon and overdue', () => {
    const figures = { rows: [
      { key: '449900-HRSS', name: '人社局', inProgress: 1, dueSoon: 0, overdue: 0, closed: 9, onTimeRate: 1 },
      { key: '449900-SAMR', name: '市场监管局', inProgress: 5, dueSoon: 1, overdue: 2, closed: 3, onTimeRate: 0.6667 },
    ] } as unknown as Figures;
    const { option, keys, names } = figuresChart(figures, labels);
    expect(keys).toEqual(['449900-SAMR', '449900-HRSS']);
    expect(names).toEqual(['市场监管局', '人社局']);
    expect(option.series.map((series) => [series.name, series.data])).toEqual([
      ['在办', [2, 1]], ['即将超期', [1, 0]], ['已超期', [2, 0]], ['办结', [3, 9]], ['按时办结率', [66.7, 100]],
    ]);
  });

  it('ranks the best on top, leaves out groups without a score and keeps the rank in the label', () => {
    const ranking = { rows: [
      { rank: 1, name: '人社局', score: 92.5, previousScore: 88 },
      { rank: 2, name: '市场监管局', score: 71, previousScore: null },
      { rank: null, name: '住建局', score: null, previousScore: null },
    ] } as unknown as Ranking;
    const option = rankingOption(ranking, labels);
    // ECharts draws a category axis bottom-up: the best comes last in the data
    expect(option.yAxis.data).toEqual(['2. 市场监管局', '1. 人社局']);
    expect(option.series[0]!.data).toEqual([71, 92.5]);
    expect(option.series[1]!.data).toEqual([null, 88]);
  });

  it('adds up each grade of 好差评 over all groups, in the national order', () => {
    const summary = { rows: [
      { key: 'a', grades: { dissatisfied: 1, 'very-satisfied': 2 } },
      { key: 'b', grades: { 'very-satisfied': 1, satisfied: 4 } },
    ] } as unknown as EvaluationSummary;
    const option = gradesOption(summary, (grade) => grade);
    expect(option.series[0]!.data.map((entry) => [entry.name, entry.value])).toEqual([['very-satisfied', 3], ['satisfied', 4], ['dissatisfied', 1]]);
  });

  it('drills from department to district, level and item, or from district to department first', () => {
    expect(nextDimension('department', 'department')).toBe('district');
    expect(nextDimension('district', 'department')).toBe('level');
    expect(nextDimension('district', 'district')).toBe('department');
    expect(nextDimension('item', 'department')).toBeNull();
  });
});
