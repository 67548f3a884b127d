import type { Knex } from 'knex';
import { LEVEL_VALUES } from '@tongban/schemas';
import { emptyTotals, type GroupTotals } from './metrics';
import { monthsTouching, rollupCover } from './period';

/** The dimension figures are grouped by. */
export type GroupBy = 'department' | 'district' | 'level' | 'item';

/** Which cases a query covers: the caller's scope narrowed by the drill-down. */
export interface FigureFilter {
  /** Region prefix (2, 4 or 6 digits; longer codes narrow to their county). */
  regionPrefix?: string | null;
  /** Root (city) department code. */
  department?: string | null;
  level?: string | null;
  item?: string | null;
}

/** Live counts of open cases. */
export interface LiveCounts {
  inProgress: number;
  dueSoon: number;
  overdue: number;
  suspended: number;
}

const COLUMN: Record<GroupBy, string> = { department: 'department_code', district: 'district_code', level: 'level', item: 'item_code' };

/** Narrows a query on a table with the figure dimensions (department_code, district_code, level, item_code). */
export function applyFilter(query: Knex.QueryBuilder, filter: FigureFilter, alias = ''): Knex.QueryBuilder {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  if (filter.regionPrefix) {
    if (filter.regionPrefix.length > 6) query.where(column('district_code'), filter.regionPrefix.slice(0, 6));
    else if (filter.regionPrefix.length === 6) query.where(column('district_code'), filter.regionPrefix);
    else query.where(column('district_code'), 'like', `${filter.regionPrefix}%`);
  }
  if (filter.department) query.where(column('department_code'), filter.department);
  if (filter.level) query.where(column('level'), filter.level);
  if (filter.item) query.where(column('item_code'), filter.item);
  return query;
}

/** Open cases by group, from the live counters. */
export async function liveCounts(knex: Knex, filter: FigureFilter, groupBy: GroupBy): Promise<Map<string, LiveCounts>> {
  const column = COLUMN[groupBy];
  const rows = await applyFilter(knex('supervision_live'), filter)
    .select({ key: column })
    .sum({ in_progress: 'in_progress', due_soon: 'due_soon', overdue: 'overdue', suspended: 'suspended' })
    .groupBy(column);
  return new Map((rows as Array<Record<string, string | number>>).map((row) => [String(row.key), {
    inProgress: Number(row.in_progress), dueSoon: Number(row.due_soon), overdue: Number(row.overdue), suspended: Number(row.suspended),
  }]).filter(([, counts]) => {
    const c = counts as LiveCounts;
    return c.inProgress !== 0 || c.dueSoon !== 0 || c.overdue !== 0 || c.suspended !== 0;
  }) as Array<[string, LiveCounts]>);
}

const SUMS = {
  closed: 'closed', ended: 'ended', on_time: 'on_time', late: 'late', went_overdue: 'went_overdue', handled: 'handled',
  handling_days_sum: 'handling_days_sum', committed_days_sum: 'committed_days_sum', online: 'online', no_visit: 'no_visit',
  licence_reused: 'licence_reused', eval_count: 'eval_count', g1: 'grade_very_satisfied', g2: 'grade_satisfied',
  g3: 'grade_basically_satisfied', g4: 'grade_dissatisfied', g5: 'grade_very_dissatisfied',
} as const;

/**
 * The rows that answer a coarse query (by department or district, any level and item) with the fewest rows: by
 * district, the districts' rows under the region (over all departments, or over the department asked); by
 * department, the rows over the whole region (one per department and day or month) — a province's, a city's or a
 * district's.
 */
function coarseRows(query: Knex.QueryBuilder, filter: FigureFilter, groupBy: GroupBy): void {
  query.where({ item_code: '', level: '' });
  const prefix = filter.regionPrefix ?? null;
  if (groupBy === 'district') {
    query.where({ span: 'county', department_code: filter.department ?? '' });
    if (prefix && prefix.length >= 6) query.where('district_code', prefix.slice(0, 6));
    else if (prefix) query.where('district_code', 'like', `${prefix}%`);
    return;
  }
  if (filter.department) query.where('department_code', filter.department);
  else query.whereNot('department_code', '');
  if (prefix !== null && prefix.length >= 6) {
    query.where({ span: 'county', district_code: prefix.slice(0, 6) });
    return;
  }
  query.where('span', prefix && prefix.length === 4 ? 'city' : 'province');
  if (prefix) query.where('district_code', prefix);
}

/**
 * Period totals by group from the rollups (live and archived cases together). By department or district the
 * period is exact: whole months from the monthly rows, the ends from the daily rows, and `withHistogram` adds the
 * handling-time histogram (for the p90). By level or item (or filtered to one) the rollups are monthly, so the
 * period widens to the months it touches; `covered` says which.
 */
export async function periodTotals(
  knex: Knex,
  filter: FigureFilter,
  groupBy: GroupBy,
  period: { from: string; to: string },
  options: { withHistogram: boolean },
): Promise<{ totals: Map<string, GroupTotals>; covered: { from: string; to: string } }> {
  const column = COLUMN[groupBy];
  const detail = groupBy === 'level' || groupBy === 'item' || Boolean(filter.level) || Boolean(filter.item);
  const query = knex('supervision_rollup').select({ key: column }).sum(SUMS).groupBy(column);
  let covered = { from: period.from, to: period.to };
  if (detail) {
    const touched = monthsTouching(period.from, period.to);
    covered = touched.covered;
    applyFilter(query, filter).where({ grain: 'm', span: 'county' }).whereIn('period', touched.months);
    if (groupBy === 'item' || filter.item) query.whereNot('item_code', '');
    // The levels listed (not `<> ''`) so the primary key's (grain, item_code, level) prefix narrows the scan.
    else query.where('item_code', '').whereIn('level', filter.level ? [filter.level] : [...LEVEL_VALUES]);
  } else {
    const { months, dayRanges } = rollupCover(period.from, period.to);
    coarseRows(query, filter, groupBy);
    query.where((w) => {
      if (months.length > 0) w.orWhere((q) => q.where('grain', 'm').whereIn('period', months));
      for (const [from, to] of dayRanges) w.orWhere((q) => q.where('grain', 'd').whereBetween('period', [from, to]));
    });
    if (options.withHistogram) query.select(knex.raw('supervision_hist_sum(handling_hist) AS hist'));
  }
  const rows = (await query) as Array<Record<string, unknown>>;
  const totals = new Map<string, GroupTotals>();
  for (const row of rows) {
    const n = (name: keyof typeof SUMS) => Number(row[name] ?? 0);
    totals.set(String(row.key), {
      ...emptyTotals(),
      closed: n('closed'), ended: n('ended'), onTime: n('on_time'), late: n('late'), wentOverdue: n('went_overdue'), handled: n('handled'),
      handlingDaysSum: n('handling_days_sum'), committedDaysSum: n('committed_days_sum'), online: n('online'), noVisit: n('no_visit'),
      licenceReused: n('licence_reused'), evalCount: n('eval_count'), grades: [n('g1'), n('g2'), n('g3'), n('g4'), n('g5')],
      hist: Array.isArray(row.hist) ? (row.hist as number[]).map(Number) : [],
    });
  }
  return { totals, covered };
}

/** One open case of the overdue (or due-soon) list, with its open tasks. */
export interface LateCaseRow {
  application_id: string;
  number: string;
  item_code: string;
  handling_department_code: string;
  department_code: string;
  district_code: string;
  region_code: string;
  level: string;
  live_state: string;
  stage: string;
  applicant_name: string;
  applicant_kind: string;
  submitted_at: Date;
  due_at: Date;
  stopped_since: Date | null;
}

/** Open cases in some states, most overdue first, paged, with the total. */
export async function lateCases(knex: Knex, filter: FigureFilter, states: string[], page: { limit: number; offset: number }): Promise<{ total: number; rows: LateCaseRow[] }> {
  const base = applyFilter(knex('application_clock as c'), filter, 'c').whereNull('c.closed_at').whereIn('c.live_state', states);
  const [count] = (await base.clone().count({ total: '*' })) as Array<{ total: string | number }>;
  const rows = (await base.clone()
    .join('application as a', 'a.id', 'c.application_id')
    .select('c.application_id', 'c.number', 'c.item_code', 'c.handling_department_code', 'c.department_code', 'c.district_code', 'c.region_code',
      'c.level', 'c.live_state', 'a.stage', 'a.applicant_name', 'a.applicant_kind', 'c.submitted_at', 'c.due_at', 'c.stopped_since')
    .orderBy([{ column: 'c.due_at' }, { column: 'c.application_id' }])
    .limit(page.limit)
    .offset(page.offset)) as LateCaseRow[];
  return { total: Number(count?.total ?? 0), rows };
}

/** Open tasks of some applications and who holds them (assignee, or candidate department and roles). */
export async function openTasksOf(knex: Knex, applicationIds: string[]) {
  if (applicationIds.length === 0) return [];
  return (await knex('task as t')
    .leftJoin('app_user as u', 'u.id', 't.assignee')
    .whereIn('t.application_id', applicationIds)
    .where('t.status', 'open')
    .select('t.application_id', 't.id', 't.name', 't.stage', 't.assignee', 'u.name as assignee_name', 't.candidate_groups', 't.department_code',
      't.region_code', 't.created_at', 't.claimed_at', 't.due_at')
    .orderBy('t.created_at')) as Array<{
    application_id: string; id: string; name: string | null; stage: string | null; assignee: string | null; assignee_name: string | null;
    candidate_groups: string[]; department_code: string; region_code: string; created_at: Date; claimed_at: Date | null; due_at: Date | null;
  }>;
}

/** Recent warnings in a scope, newest first. */
export async function recentWarnings(knex: Knex, filter: FigureFilter, options: { level?: string; since?: Date; limit: number }) {
  const query = applyFilter(knex('supervision_warning as w'), filter, 'w')
    .join('application as a', 'a.id', 'w.application_id')
    .select('w.id', 'w.application_id', 'a.number', 'w.target', 'w.task_id', 'w.level', 'w.due_at', 'w.fired_at', 'w.department_code',
      'w.district_code', 'w.region_code', 'w.item_code')
    .orderBy([{ column: 'w.fired_at', order: 'desc' }, { column: 'w.id', order: 'desc' }])
    .limit(options.limit);
  if (options.level) query.where('w.level', options.level);
  if (options.since) query.where('w.fired_at', '>=', options.since);
  return query as Promise<Array<Record<string, unknown>>>;
}

/** Rectifications by group and status (from the rectification table; small). */
export async function rectificationCounts(knex: Knex, filter: FigureFilter, groupBy: 'department' | 'district', period: { from: Date; to: Date }, now: Date) {
  const column = COLUMN[groupBy];
  const rows = await applyFilter(knex('rectification as r'), filter, 'r')
    .where('r.created_at', '>=', period.from)
    .where('r.created_at', '<', period.to)
    .select({ key: `r.${column}` })
    .count({ opened: '*' })
    .select(knex.raw(`count(*) FILTER (WHERE r.status = 'closed') AS closed`))
    .select(knex.raw(`count(*) FILTER (WHERE r.status = 'closed' AND r.on_time) AS closed_on_time`))
    .select(knex.raw(`count(*) FILTER (WHERE r.status <> 'closed' AND r.due_at < ?) AS overdue`, [now]))
    .select(knex.raw(`count(*) FILTER (WHERE r.escalations > 0) AS escalated`))
    .groupBy(`r.${column}`);
  return new Map((rows as Array<Record<string, unknown>>).map((row) => [String(row.key), {
    opened: Number(row.opened), closed: Number(row.closed), closedOnTime: Number(row.closed_on_time), overdue: Number(row.overdue), escalated: Number(row.escalated),
  }]));
}

/**
 * Rebuilds the live counters from the clocks of open cases (operations: after a restore or a manual fix), in one
 * transaction that blocks counter updates meanwhile.
 */
export async function rebuildLiveCounters(knex: Knex): Promise<number> {
  return knex.transaction(async (trx) => {
    await trx.raw('LOCK TABLE supervision_live IN EXCLUSIVE MODE');
    await trx('supervision_live').del();
    const result = await trx.raw(`
      INSERT INTO supervision_live (department_code, district_code, level, item_code, in_progress, due_soon, overdue, suspended)
      SELECT department_code, district_code, level, item_code, count(*),
        count(*) FILTER (WHERE live_state = 'due-soon'), count(*) FILTER (WHERE live_state = 'overdue'),
        count(*) FILTER (WHERE live_state = 'suspended')
      FROM application_clock WHERE closed_at IS NULL
      GROUP BY department_code, district_code, level, item_code`);
    return Number((result as { rowCount?: number }).rowCount ?? 0);
  });
}
