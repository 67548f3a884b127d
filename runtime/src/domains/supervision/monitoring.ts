import type { Knex } from 'knex';
import type { WorkingCalendar } from '@tongban/calendar';
import { AppError } from '../../errors/catalogue';
import type { Principal } from '../../plugins/auth';
import type { CalendarStore } from '../../engine/calendar';
import { maskName } from '../applications/views';
import type { Directory } from './directory';
import { type ExportTable } from './export';
import { compositeScore, emptyTotals, indicators, rankByScore, type GroupTotals, type Indicators } from './metrics';
import { lateCases, liveCounts, openTasksOf, periodTotals, recentWarnings, rectificationCounts, type FigureFilter, type GroupBy, type LiveCounts } from './monitoring-store';
import { UTC_OFFSET_MS, addDays, dateOf, previousPeriod, type Period } from './period';
import { SCORE_INDICATORS, type ScoreWeights, type SupervisionSettings } from './settings';
import { STAGE_LABELS } from './service';

/** Whose figures a caller sees: a region (prefix) and possibly one department; null means everything. */
export interface SupervisionScope {
  regionCode: string | null;
  departmentCode: string | null;
}

/** Chinese names of the levels (DOMAIN.md). */
export const LEVEL_LABELS: Record<string, string> = {
  province: '省级', city: '市级', county: '县（区）级', township: '乡镇（街道）级', village: '村（社区）级', public: '公共服务',
};

/**
 * The caller's supervision scope: administrators see everything; supervisors their region (and department, when
 * their token names one); a decider — the head of a department — their department in their region. Others 403.
 */
export async function supervisionScope(principal: Principal, directory: Directory, db?: Knex): Promise<SupervisionScope> {
  if (principal.roles.includes('admin')) return { regionCode: null, departmentCode: null };
  if (principal.roles.includes('supervisor') && principal.regionCode) {
    return { regionCode: principal.regionCode, departmentCode: principal.departmentCode ? await directory.rootOf(principal.departmentCode, db) : null };
  }
  if (principal.roles.includes('decider') && principal.regionCode && principal.departmentCode) {
    return { regionCode: principal.regionCode, departmentCode: await directory.rootOf(principal.departmentCode, db) };
  }
  throw new AppError('TB_AUTH_FORBIDDEN', {
    params: { reason: { zh: '仅效能督查人员和部门负责人可以查看督查数据', en: 'supervision data is for supervisors and department heads' } },
  });
}

/** Whether a message or row with these codes lies in a scope. */
export function inScope(scope: SupervisionScope, codes: { departmentCode: string; districtCode: string; regionCode: string }): boolean {
  if (scope.departmentCode && codes.departmentCode !== scope.departmentCode) return false;
  if (!scope.regionCode) return true;
  if (scope.regionCode.length > 6) return codes.districtCode === scope.regionCode.slice(0, 6);
  return codes.regionCode.startsWith(scope.regionCode) || codes.districtCode.startsWith(scope.regionCode);
}

/** The drill-down a request asks for. */
export interface DrillDown {
  department?: string;
  district?: string;
  level?: string;
  item?: string;
}

/** One row of the figures. */
export interface FigureRow extends LiveCounts {
  key: string;
  name: string;
  closed: number;
  ended: number;
  onTime: number;
  late: number;
  wentOverdue: number;
  onTimeRate: number | null;
}

/** One row of the ranking. */
export interface RankingRow extends Indicators {
  key: string;
  name: string;
  rank: number | null;
  score: number | null;
  previousRank: number | null;
  previousScore: number | null;
  /** Places gained since the previous period (positive: moved up). */
  rankChange: number | null;
  scoreChange: number | null;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
const zeroLive: LiveCounts = { inProgress: 0, dueSoon: 0, overdue: 0, suspended: 0 };

/** Start of a UTC+8 day as an instant. */
const startOfDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - UTC_OFFSET_MS);

/**
 * The dashboard's queries: live figures, the overdue list, the ranking and its export, recent warnings and the
 * evaluation summary. They read the counters and rollups only, so they cost the same at 4.5 million cases as at
 * a thousand (see `pnpm bench supervision`).
 */
export class MonitoringService {
  constructor(
    private readonly knex: Knex,
    private readonly directory: Directory,
    private readonly calendars: CalendarStore,
    private readonly settings: SupervisionSettings,
    private readonly clock: () => Date,
  ) {}

  /** Today on the UTC+8 wall clock. */
  today(): string {
    return dateOf(this.clock());
  }

  /** The scope narrowed by a drill-down; a drill-down outside the scope is refused. */
  filterOf(scope: SupervisionScope, drill: DrillDown): FigureFilter {
    let regionPrefix = scope.regionCode;
    if (drill.district) {
      if (regionPrefix && !drill.district.startsWith(regionPrefix) && !(regionPrefix.length > 6 && drill.district === regionPrefix.slice(0, 6))) {
        throw new AppError('TB_AUTH_OUT_OF_SCOPE', { params: { reason: { zh: '该地区不在您的督查范围内', en: 'the region is outside your scope' } }, path: '/district' });
      }
      regionPrefix = drill.district;
    }
    if (scope.departmentCode && drill.department && drill.department !== scope.departmentCode) {
      throw new AppError('TB_AUTH_OUT_OF_SCOPE', { params: { reason: { zh: '该部门不在您的督查范围内', en: 'the department is outside your scope' } }, path: '/department' });
    }
    return { regionPrefix, department: scope.departmentCode ?? drill.department ?? null, level: drill.level ?? null, item: drill.item ?? null };
  }

  async nameOf(groupBy: GroupBy, key: string, filter: FigureFilter): Promise<string> {
    switch (groupBy) {
      case 'department':
        return this.directory.departmentName(key, filter.regionPrefix && filter.regionPrefix.length >= 6 ? filter.regionPrefix.slice(0, 6) : undefined);
      case 'district': {
        const level = await this.directory.regionLevel(key);
        const name = await this.directory.regionName(key);
        return level === 'city' || level === 'province' ? `${name}（本级）` : name;
      }
      case 'level':
        return LEVEL_LABELS[key] ?? key;
      default:
        return this.directory.itemName(key);
    }
  }

  /** Live counts and the period's closures by group, with totals. */
  async figures(scope: SupervisionScope, drill: DrillDown, groupBy: GroupBy, period: Period) {
    const filter = this.filterOf(scope, drill);
    const [live, { totals, covered }] = await Promise.all([
      liveCounts(this.knex, filter, groupBy),
      periodTotals(this.knex, filter, groupBy, period, { withHistogram: false }),
    ]);
    const keys = [...new Set([...live.keys(), ...totals.keys()])].sort();
    const rows: FigureRow[] = [];
    const sum = { ...zeroLive, ...emptyTotals() };
    for (const key of keys) {
      const counts = live.get(key) ?? zeroLive;
      const t = totals.get(key) ?? emptyTotals();
      if (counts.inProgress === 0 && t.closed === 0 && t.ended === 0 && t.wentOverdue === 0) continue;
      rows.push({
        key, name: await this.nameOf(groupBy, key, filter), ...counts, closed: t.closed, ended: t.ended, onTime: t.onTime, late: t.late,
        wentOverdue: t.wentOverdue, onTimeRate: ratio(t.onTime, t.closed),
      });
      sum.inProgress += counts.inProgress;
      sum.dueSoon += counts.dueSoon;
      sum.overdue += counts.overdue;
      sum.suspended += counts.suspended;
      sum.closed += t.closed;
      sum.ended += t.ended;
      sum.onTime += t.onTime;
      sum.late += t.late;
      sum.wentOverdue += t.wentOverdue;
    }
    rows.sort((a, b) => b.overdue - a.overdue || b.inProgress - a.inProgress || a.key.localeCompare(b.key));
    return {
      asOf: this.clock().toISOString(),
      scope,
      groupBy,
      period,
      coveredPeriod: covered,
      totals: {
        inProgress: sum.inProgress, dueSoon: sum.dueSoon, overdue: sum.overdue, suspended: sum.suspended, closed: sum.closed, ended: sum.ended,
        onTime: sum.onTime, late: sum.late, wentOverdue: sum.wentOverdue, onTimeRate: ratio(sum.onTime, sum.closed),
      },
      rows,
    };
  }

  /** Open cases past or near their deadline, most overdue first, with who holds each and for how long. */
  async overdueList(scope: SupervisionScope, drill: DrillDown, states: string[], page: { limit: number; offset: number }) {
    const filter = this.filterOf(scope, drill);
    const { total, rows } = await lateCases(this.knex, filter, states, page);
    const tasks = await openTasksOf(this.knex, rows.map((row) => row.application_id));
    const calendar = await this.calendars.get();
    const now = this.clock();
    const held = (since: Date) => {
      const ms = Math.max(0, calendar.workingMillisBetween(since, now));
      return { since: since.toISOString(), heldWorkingHours: Math.round(ms / 36_000) / 100, heldWorkingDays: Math.round((ms / calendar.workingDayMillis) * 100) / 100 };
    };
    const items = [];
    for (const row of rows) {
      const own = tasks.filter((task) => task.application_id === row.application_id);
      const holders = [];
      for (const task of own) {
        const common = { taskId: task.id, taskName: task.name, stage: task.stage, stageName: task.stage ? STAGE_LABELS[task.stage] ?? task.stage : null, taskDueAt: task.due_at ? task.due_at.toISOString() : null };
        if (task.assignee) {
          holders.push({ kind: 'user', userId: task.assignee, userName: task.assignee_name ?? task.assignee, departmentCode: task.department_code, departmentName: await this.directory.departmentName(task.department_code), ...common, ...held(task.claimed_at ?? task.created_at) });
        } else {
          holders.push({ kind: 'department', departmentCode: task.department_code, departmentName: await this.directory.departmentName(task.department_code), candidateGroups: task.candidate_groups, ...common, ...held(task.created_at) });
        }
      }
      if (holders.length === 0 && row.stopped_since) holders.push({ kind: 'applicant', ...held(row.stopped_since) });
      if (holders.length === 0) holders.push({ kind: 'system', ...held(row.submitted_at) });
      const lateMs = calendar.workingMillisBetween(row.due_at, row.stopped_since ?? now);
      items.push({
        applicationId: row.application_id,
        number: row.number,
        itemCode: row.item_code,
        itemName: await this.directory.itemName(row.item_code),
        applicantName: maskName(row.applicant_name, row.applicant_kind),
        departmentCode: row.department_code,
        handlingDepartmentCode: row.handling_department_code,
        departmentName: await this.directory.departmentName(row.handling_department_code),
        regionCode: row.region_code,
        regionName: await this.directory.regionName(row.region_code),
        level: row.level,
        state: row.live_state,
        stage: row.stage,
        submittedAt: row.submitted_at.toISOString(),
        dueAt: row.due_at.toISOString(),
        overdueWorkingDays: Math.round((Math.max(0, lateMs) / calendar.workingDayMillis) * 100) / 100,
        workingHoursLeft: Math.round(Math.max(0, -lateMs) / 36_000) / 100,
        holders,
      });
    }
    return { asOf: now.toISOString(), total, items };
  }

  /** Indicators, composite score and rank of each group for a period, and the trend against the previous one. */
  async ranking(scope: SupervisionScope, drill: Pick<DrillDown, 'department' | 'district'>, by: 'department' | 'district', period: Period, weights: ScoreWeights) {
    const filter = this.filterOf(scope, drill);
    const previous = previousPeriod(period);
    const [{ totals: current }, { totals: before }] = await Promise.all([
      periodTotals(this.knex, filter, by, period, { withHistogram: true }),
      // The score has no p90, so the previous period needs no histogram.
      periodTotals(this.knex, filter, by, previous, { withHistogram: false }),
    ]);
    const scored = (totals: Map<string, GroupTotals>) => rankByScore([...totals.entries()]
      .filter(([, t]) => t.closed > 0 || t.evalCount > 0 || t.wentOverdue > 0)
      .map(([key, t]) => {
        const values = indicators(t);
        return { key, values, score: compositeScore(values, weights), closed: values.closed };
      }));
    const now = scored(current);
    const then = new Map(scored(before).map((row) => [row.key, row]));
    const rows: RankingRow[] = [];
    for (const row of now) {
      const past = then.get(row.key);
      rows.push({
        key: row.key,
        name: await this.nameOf(by, row.key, filter),
        rank: row.rank,
        score: row.score,
        ...row.values,
        previousRank: past?.rank ?? null,
        previousScore: past?.score ?? null,
        rankChange: row.rank !== null && past?.rank ? past.rank - row.rank : null,
        scoreChange: row.score !== null && past?.score !== null && past?.score !== undefined ? Math.round((row.score - past.score) * 100) / 100 : null,
      });
    }
    return {
      asOf: this.clock().toISOString(),
      scope,
      by,
      period,
      previousPeriod: previous,
      weights,
      formula: 'score = 100 × Σ(weight × indicator) ÷ Σ(weight), over the indicators that can be measured; indicators: onTime = on-time rate, overdue = 1 − overdue rate, speed = 1 − avg handling ÷ avg committed limit, satisfaction, licenceReuse, online, noVisit',
      rows,
    };
  }

  /** The ranking as a table for CSV or Excel, Chinese or English headers. */
  rankingTable(ranking: Awaited<ReturnType<MonitoringService['ranking']>>, language: 'zh' | 'en'): ExportTable {
    const zh = language === 'zh';
    const columns = [
      { header: zh ? '排名' : 'Rank', format: 'integer' as const },
      { header: zh ? (ranking.by === 'department' ? '部门编码' : '区划代码') : (ranking.by === 'department' ? 'Department code' : 'Region code'), format: 'text' as const, width: 16 },
      { header: zh ? '名称' : 'Name', format: 'text' as const, width: 30 },
      { header: zh ? '综合得分' : 'Score', format: 'decimal' as const },
      { header: zh ? '办结量' : 'Closed', format: 'integer' as const },
      { header: zh ? '按时办结率' : 'On-time rate', format: 'percent' as const },
      { header: zh ? '超期率' : 'Overdue rate', format: 'percent' as const },
      { header: zh ? '平均办理时长（工作日）' : 'Avg handling (working days)', format: 'decimal' as const },
      { header: zh ? 'P90 办理时长（工作日）' : 'P90 handling (working days)', format: 'decimal' as const },
      { header: zh ? '时限压缩率' : 'Speed', format: 'percent' as const },
      { header: zh ? '满意率' : 'Satisfaction rate', format: 'percent' as const },
      { header: zh ? '评价数' : 'Evaluations', format: 'integer' as const },
      { header: zh ? '差评数' : 'Bad evaluations', format: 'integer' as const },
      { header: zh ? '证照复用率' : 'Licence reuse rate', format: 'percent' as const },
      { header: zh ? '全程网办率' : 'Fully online share', format: 'percent' as const },
      { header: zh ? '零跑动率' : 'No-visit share', format: 'percent' as const },
      { header: zh ? '上期排名' : 'Previous rank', format: 'integer' as const },
      { header: zh ? '名次变化' : 'Rank change', format: 'integer' as const },
      { header: zh ? '上期得分' : 'Previous score', format: 'decimal' as const },
      { header: zh ? '得分变化' : 'Score change', format: 'decimal' as const },
    ];
    return {
      name: `${zh ? (ranking.by === 'department' ? '部门排名' : '地区排名') : (ranking.by === 'department' ? 'Departments' : 'Regions')} ${ranking.period.label}`,
      columns,
      rows: ranking.rows.map((row) => [
        row.rank, row.key, row.name, row.score, row.closed, row.onTimeRate, row.overdueRate, row.avgHandlingDays, row.p90HandlingDays, row.speed,
        row.satisfactionRate, row.evaluations, row.badEvaluations, row.licenceReuseRate, row.onlineShare, row.noVisitShare, row.previousRank,
        row.rankChange, row.previousScore, row.scoreChange,
      ]),
    };
  }

  /** Warnings recorded recently in the scope (the dashboard's ticker when it opens; the stream carries the rest). */
  async warnings(scope: SupervisionScope, drill: DrillDown, options: { level?: string; since?: Date; limit: number }) {
    const rows = await recentWarnings(this.knex, this.filterOf(scope, drill), options);
    const items = [];
    for (const row of rows) {
      items.push({
        id: Number(row.id), applicationId: String(row.application_id), number: String(row.number), level: String(row.level),
        target: row.task_id ? 'task' : 'application', taskId: (row.task_id as string | null) ?? null, dueAt: new Date(row.due_at as Date).toISOString(),
        firedAt: new Date(row.fired_at as Date).toISOString(), departmentCode: String(row.department_code), districtCode: String(row.district_code),
        regionCode: String(row.region_code), itemCode: String(row.item_code), itemName: await this.directory.itemName(String(row.item_code)),
      });
    }
    return { items };
  }

  /** 好差评 by group: grades, satisfaction, bad reviews and how their rectifications went. */
  async evaluationSummary(scope: SupervisionScope, drill: DrillDown, by: 'department' | 'district', period: Period) {
    const filter = this.filterOf(scope, drill);
    const now = this.clock();
    const [{ totals }, rectifications] = await Promise.all([
      periodTotals(this.knex, filter, by, period, { withHistogram: false }),
      rectificationCounts(this.knex, filter, by, { from: startOfDay(period.from), to: startOfDay(addDays(period.to, 1)) }, now),
    ]);
    const keys = [...new Set([...totals.keys(), ...rectifications.keys()])].sort();
    const rows = [];
    for (const key of keys) {
      const t = totals.get(key) ?? emptyTotals();
      const r = rectifications.get(key) ?? { opened: 0, closed: 0, closedOnTime: 0, overdue: 0, escalated: 0 };
      if (t.evalCount === 0 && r.opened === 0) continue;
      const [g1, g2, g3, g4, g5] = t.grades;
      rows.push({
        key, name: await this.nameOf(by, key, filter), evaluations: t.evalCount,
        grades: { 'very-satisfied': g1, satisfied: g2, 'basically-satisfied': g3, dissatisfied: g4, 'very-dissatisfied': g5 },
        satisfactionRate: ratio(g1 + g2 + g3, t.evalCount), badEvaluations: g4 + g5, rectifications: r,
      });
    }
    rows.sort((a, b) => b.badEvaluations - a.badEvaluations || b.evaluations - a.evaluations || a.key.localeCompare(b.key));
    return { asOf: now.toISOString(), scope, by, period, rows };
  }

  /** The indicator names, for the designer's legend. */
  static indicators(): readonly string[] {
    return SCORE_INDICATORS;
  }

  /** The working calendar (for handlers that format instants). */
  calendar(): Promise<WorkingCalendar> {
    return this.calendars.get();
  }

  get weights(): ScoreWeights {
    return this.settings.weights;
  }
}
