import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { LiveState } from './deadline';

/** Job types of the supervision system jobs (docs/supervision.md, "Warnings by engine timers"). */
export const JOB_TYPES = {
  warning: 'tongban.supervision.warning',
  deemedAcceptance: 'tongban.supervision.deemed-acceptance',
  escalation: 'tongban.evaluation.rectification-escalation',
} as const;

/** A row of `application_clock`. */
export interface ClockRow {
  application_id: string;
  number: string;
  item_code: string;
  item_version_id: number;
  handling_department_code: string;
  department_code: string;
  region_code: string;
  district_code: string;
  level: string;
  channel: string;
  submitted_at: Date;
  receipt_date: string;
  limit_days: number;
  legal_limit_days: number | null;
  extension_days: number;
  max_extension_days: number;
  counted_stop_ms: number;
  stopped_ms: number;
  stopped_since: Date | null;
  base_due_at: Date;
  due_at: Date;
  yellow_at: Date | null;
  live_state: LiveState | 'closed';
  acceptance_limit_days: number;
  acceptance_due_at: Date;
  acceptance_decided_at: Date | null;
  deemed_accepted_at: Date | null;
  status: string;
  result: string | null;
  closed_at: Date | null;
  on_time: boolean | null;
  handling_ms: number | null;
  updated_at: Date;
}

/** A row of `clock_stop`. */
export interface StopRow {
  id: string;
  application_id: string;
  kind: string;
  reason: string | null;
  expected_working_days: number | null;
  subscription_id: string | null;
  started_at: Date;
  started_by: string;
  ended_at: Date | null;
  ended_by: string | null;
  end_note: string | null;
  working_ms: number | null;
  counted_ms: number | null;
}

/** A row of `deadline_extension`. */
export interface ExtensionRow {
  id: string;
  application_id: string;
  days: number;
  reason: string;
  status: 'requested' | 'approved' | 'refused';
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  opinion: string | null;
}

/** A row of `task_clock`. */
export interface TaskClockRow {
  task_id: string;
  application_id: string;
  stage: string;
  limit_days: number;
  started_at: Date;
  counted_stop_ms: number;
  due_at: Date;
  yellow_at: Date | null;
  closed_at: Date | null;
  on_time: boolean | null;
}

/** A row of `supervision_warning`. */
export interface WarningRow {
  id: number;
  application_id: string;
  target: string;
  task_id: string | null;
  level: 'yellow' | 'red';
  due_at: Date;
  fired_at: Date;
  fired_by: string;
  department_code: string;
  district_code: string;
  region_code: string;
  item_code: string;
}

/** The dimensions figures are kept by, and the counter shard a case's changes go to (see {@link shardOf}). */
export interface FigureKey {
  department: string;
  district: string;
  level: string;
  item: string;
  shard: number;
}

/**
 * Live counters and live rollups are kept in this many rows per key, which readers sum. Every command that moves a
 * case's figures updates the rows of its shard in its own transaction, holding their row locks until it commits; with
 * one row per key, every submission to a busy item in a district queued behind the others (a lock convoy that held
 * the connection pool), with shards only the cases that hash alike do.
 */
export const FIGURE_SHARDS = 16;

/** The shard of a case: fixed per application, so one case's transactions always touch its rows in the same order. */
export function shardOf(applicationId: string): number {
  let hash = 0;
  for (let index = 0; index < applicationId.length; index += 1) hash = (hash * 31 + applicationId.charCodeAt(index)) | 0;
  return Math.abs(hash) % FIGURE_SHARDS;
}

/** bigint columns arrive as strings from pg; the clock's are far below 2^53. */
const toNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));

function normaliseClock(row: Record<string, unknown> | undefined): ClockRow | undefined {
  if (!row) return undefined;
  return {
    ...(row as unknown as ClockRow),
    item_version_id: Number(row.item_version_id),
    counted_stop_ms: Number(row.counted_stop_ms),
    stopped_ms: Number(row.stopped_ms),
    handling_ms: toNumber(row.handling_ms),
  };
}

/** The district of a region: its county (6 digits) for county, township and village codes, else the code itself. */
export const districtOf = (regionCode: string) => (regionCode.length > 6 ? regionCode.slice(0, 6) : regionCode);

export async function insertClock(trx: Knex.Transaction, row: Omit<ClockRow, 'receipt_date'> & { receipt_date: string }): Promise<void> {
  await trx('application_clock').insert(row);
}

/** An application's clock, locked for the rest of the transaction. */
export async function lockClock(trx: Knex.Transaction, applicationId: string): Promise<ClockRow | undefined> {
  return normaliseClock(await trx('application_clock').where({ application_id: applicationId }).forUpdate().first()
    .select('*', trx.raw('receipt_date::text AS receipt_date')));
}

/** An application's clock, unlocked. */
export async function findClock(knex: Knex, applicationId: string): Promise<ClockRow | undefined> {
  return normaliseClock(await knex('application_clock').where({ application_id: applicationId }).first()
    .select('*', knex.raw('receipt_date::text AS receipt_date')));
}

export async function updateClock(trx: Knex.Transaction, applicationId: string, patch: Partial<ClockRow>): Promise<void> {
  await trx('application_clock').where({ application_id: applicationId }).update(patch);
}

export async function openStopOf(trx: Knex | Knex.Transaction, applicationId: string): Promise<StopRow | undefined> {
  return (await trx('clock_stop').where({ application_id: applicationId }).whereNull('ended_at').first()) as StopRow | undefined;
}

export async function insertStop(trx: Knex.Transaction, row: Omit<StopRow, 'id' | 'ended_at' | 'ended_by' | 'end_note' | 'working_ms' | 'counted_ms'>): Promise<StopRow> {
  const full: StopRow = { id: randomUUID(), ended_at: null, ended_by: null, end_note: null, working_ms: null, counted_ms: null, ...row };
  await trx('clock_stop').insert(full);
  return full;
}

export async function endStopRow(trx: Knex.Transaction, id: string, patch: Pick<StopRow, 'ended_at' | 'ended_by' | 'end_note' | 'working_ms' | 'counted_ms'>): Promise<void> {
  await trx('clock_stop').where({ id }).update(patch);
}

export async function stopsOf(knex: Knex, applicationId: string): Promise<StopRow[]> {
  return ((await knex('clock_stop').where({ application_id: applicationId }).orderBy('started_at')) as StopRow[])
    .map((row) => ({ ...row, working_ms: toNumber(row.working_ms), counted_ms: toNumber(row.counted_ms) }));
}

export async function extensionsOf(knex: Knex | Knex.Transaction, applicationId: string): Promise<ExtensionRow[]> {
  return (await knex('deadline_extension').where({ application_id: applicationId }).orderBy('requested_at')) as ExtensionRow[];
}

export async function lockExtension(trx: Knex.Transaction, id: string): Promise<ExtensionRow | undefined> {
  return (await trx('deadline_extension').where({ id }).forUpdate().first()) as ExtensionRow | undefined;
}

export async function insertExtension(trx: Knex.Transaction, row: ExtensionRow): Promise<void> {
  await trx('deadline_extension').insert(row);
}

export async function updateExtension(trx: Knex.Transaction, id: string, patch: Partial<ExtensionRow>): Promise<void> {
  await trx('deadline_extension').where({ id }).update(patch);
}

export async function insertTaskClock(trx: Knex.Transaction, row: TaskClockRow): Promise<void> {
  await trx('task_clock').insert(row).onConflict('task_id').ignore();
}

export async function openTaskClocks(trx: Knex | Knex.Transaction, applicationId: string): Promise<TaskClockRow[]> {
  return ((await trx('task_clock').where({ application_id: applicationId }).whereNull('closed_at')) as TaskClockRow[])
    .map((row) => ({ ...row, counted_stop_ms: Number(row.counted_stop_ms) }));
}

export async function taskClocksOf(knex: Knex, applicationId: string): Promise<Array<TaskClockRow & { name: string | null }>> {
  return ((await knex('task_clock as c').join('task as t', 't.id', 'c.task_id').where('c.application_id', applicationId)
    .orderBy('c.started_at').select('c.*', 't.name')) as Array<TaskClockRow & { name: string | null }>)
    .map((row) => ({ ...row, counted_stop_ms: Number(row.counted_stop_ms) }));
}

export async function findTaskClock(trx: Knex.Transaction, taskId: string): Promise<TaskClockRow | undefined> {
  const row = (await trx('task_clock').where({ task_id: taskId }).first()) as TaskClockRow | undefined;
  return row ? { ...row, counted_stop_ms: Number(row.counted_stop_ms) } : undefined;
}

export async function updateTaskClock(trx: Knex.Transaction, taskId: string, patch: Partial<TaskClockRow>): Promise<void> {
  await trx('task_clock').where({ task_id: taskId }).update(patch);
}

/** Records a warning unless that level was already recorded for the target; answers the row only when new. */
export async function insertWarning(trx: Knex.Transaction, row: Omit<WarningRow, 'id'>): Promise<WarningRow | undefined> {
  const [inserted] = (await trx('supervision_warning').insert(row).onConflict(['application_id', 'target', 'level']).ignore().returning('*')) as WarningRow[];
  return inserted ? { ...inserted, id: Number(inserted.id) } : undefined;
}

export async function warningLevels(trx: Knex | Knex.Transaction, applicationId: string, target: string): Promise<Set<string>> {
  return new Set(await trx('supervision_warning').where({ application_id: applicationId, target }).pluck('level'));
}

export async function warningsOf(knex: Knex, applicationId: string): Promise<WarningRow[]> {
  return (await knex('supervision_warning').where({ application_id: applicationId }).orderBy('fired_at')) as WarningRow[];
}

/** Counter deltas of one state change of an open case. */
export function liveDeltas(from: LiveState | 'closed' | null, to: LiveState | 'closed' | null) {
  const open = (state: string | null) => (state !== null && state !== 'closed' ? 1 : 0);
  const is = (state: string | null, value: LiveState) => (state === value ? 1 : 0);
  return {
    in_progress: open(to) - open(from),
    due_soon: is(to, 'due-soon') - is(from, 'due-soon'),
    overdue: is(to, 'overdue') - is(from, 'overdue'),
    suspended: is(to, 'suspended') - is(from, 'suspended'),
  };
}

/** Moves the live counters of a key by a state change; nothing happens when the state stays. */
export async function moveLiveCounters(trx: Knex.Transaction, key: FigureKey, from: LiveState | 'closed' | null, to: LiveState | 'closed' | null): Promise<boolean> {
  if (from === to) return false;
  const deltas = liveDeltas(from, to);
  await trx('supervision_live')
    .insert({ department_code: key.department, district_code: key.district, level: key.level, item_code: key.item, shard: key.shard, ...deltas })
    .onConflict(['department_code', 'district_code', 'level', 'item_code', 'shard'])
    .merge(Object.fromEntries(Object.keys(deltas).map((column) => [column, trx.raw(`supervision_live.${column} + excluded.${column}`)])));
  return true;
}

/** Metrics one event adds to the rollups (columns of `supervision_rollup`). */
export interface RollupDelta {
  closed?: number;
  ended?: number;
  on_time?: number;
  late?: number;
  went_overdue?: number;
  handled?: number;
  handling_days_sum?: number;
  committed_days_sum?: number;
  online?: number;
  no_visit?: number;
  licence_reused?: number;
  eval_count?: number;
  grade_very_satisfied?: number;
  grade_satisfied?: number;
  grade_basically_satisfied?: number;
  grade_dissatisfied?: number;
  grade_very_dissatisfied?: number;
  /** A histogram to add (see the migration), e.g. one case in bucket b. */
  handling_hist?: number[];
}

/**
 * Adds to the live rollups of `day` (a UTC+8 date) the rows an archived case also moves (see the migration): by day
 * and month per department over the district, the city and the province, and over all departments of the district
 * (with the histogram); by month per level, and per level and item. Rows are always written in the same order, so concurrent transactions cannot deadlock.
 */
export async function addToRollup(trx: Knex.Transaction, key: FigureKey, day: string, delta: RollupDelta): Promise<void> {
  const month = `${day.slice(0, 8)}01`;
  const { handling_hist: hist, ...counts } = delta;
  const spans: Array<[string, string]> = [['county', key.district]];
  if (key.district.length >= 4) spans.push(['city', key.district.slice(0, 4)]);
  spans.push(['province', key.district.slice(0, 2)]);
  const coarse = (['d', 'm'] as const).flatMap((grain) => [
    ...spans.map(([span, district]) => ({ span, district, department: key.department })),
    { span: 'county', district: key.district, department: '' },
  ].map(({ span, district, department }) => ({
    grain, item_code: '', level: '', span, period: grain === 'd' ? day : month, district_code: district, department_code: department,
    handling_hist: hist ?? [],
  })));
  const detail = [
    { grain: 'm', item_code: '', level: key.level, span: 'county', period: month, district_code: key.district, department_code: key.department, handling_hist: [] },
    { grain: 'm', item_code: key.item, level: key.level, span: 'county', period: month, district_code: key.district, department_code: key.department, handling_hist: [] },
  ];
  const rows = [...coarse, ...detail].map((row) => ({ ...row, source: 'live', shard: key.shard, ...counts }));
  await trx('supervision_rollup')
    .insert(rows)
    .onConflict(['grain', 'item_code', 'level', 'span', 'period', 'department_code', 'district_code', 'source', 'shard'])
    .merge({
      ...Object.fromEntries(Object.keys(counts).map((column) => [column, trx.raw(`supervision_rollup.${column} + excluded.${column}`)])),
      ...(hist ? { handling_hist: trx.raw('supervision_hist_add(supervision_rollup.handling_hist, excluded.handling_hist)') } : {}),
    });
}

/** A system job of an application, to schedule (the JobService claims and runs it exactly once). */
export interface SystemJob {
  applicationId: string;
  type: string;
  dueAt: Date;
  variables: Record<string, unknown>;
  now: Date;
}

const systemJobRow = (job: SystemJob) => ({
  id: `supervision:${randomUUID()}`, application_id: job.applicationId, kind: 'system', element_id: 'supervision', job_type: job.type, status: 'ready',
  due_at: job.dueAt, retries: 3, headers: '{}', variables: JSON.stringify(job.variables), created_at: job.now,
});

/** Schedules a system job of an application; answers its id. */
export async function scheduleSystemJob(trx: Knex.Transaction, job: SystemJob): Promise<string> {
  const row = systemJobRow(job);
  await trx('job').insert(row);
  return row.id;
}

/** Schedules several system jobs in one statement. */
export async function scheduleSystemJobs(trx: Knex.Transaction, jobs: SystemJob[]): Promise<void> {
  if (jobs.length > 0) await trx('job').insert(jobs.map(systemJobRow));
}

/** Cancels an application's pending system jobs of some types (and, optionally, of one warning target). */
export async function cancelSystemJobs(trx: Knex.Transaction, applicationId: string, types: string[], now: Date, target?: string): Promise<void> {
  const query = trx('job').where({ application_id: applicationId, kind: 'system' }).whereIn('job_type', types).whereIn('status', ['ready', 'locked']);
  if (target !== undefined) query.whereRaw(`variables->>'target' = ?`, [target]);
  await query.update({ status: 'cancelled', completed_at: now, locked_by: null, locked_until: null });
}

/** Whether an application reused at least one verified licence (电子证照 instead of a paper copy). */
export async function reusedLicence(trx: Knex | Knex.Transaction, applicationId: string): Promise<boolean> {
  return Boolean(await trx('application_material').where({ application_id: applicationId, kind: 'licence', verified: true }).first('id'));
}

/** Writes a notice to the applicant's inbox. */
export async function notifyApplicant(
  trx: Knex.Transaction,
  notice: { applicationId: string; recipient: string; kind: string; title: string; body: string; data: Record<string, unknown>; now: Date },
): Promise<void> {
  await trx('notification').insert({
    application_id: notice.applicationId, recipient_id_number: notice.recipient, kind: notice.kind.slice(0, 32), title: notice.title,
    body: notice.body, data: JSON.stringify(notice.data), created_at: notice.now,
  });
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Issues a one-time ticket for the live stream, valid `ttlMs`; only its hash is stored. */
export async function issueStreamTicket(knex: Knex, principal: object, now: Date, ttlMs: number): Promise<{ ticket: string; expiresAt: Date }> {
  const ticket = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlMs);
  await knex('supervision_stream_ticket').where('expires_at', '<', now).del();
  await knex('supervision_stream_ticket').insert({ ticket_hash: sha256(ticket), principal: JSON.stringify(principal), expires_at: expiresAt });
  return { ticket, expiresAt };
}

/** Consumes a stream ticket: the principal it was issued to, once, before it expires. */
export async function consumeStreamTicket(knex: Knex, ticket: string, now: Date): Promise<Record<string, unknown> | undefined> {
  const [row] = (await knex('supervision_stream_ticket').where({ ticket_hash: sha256(ticket) }).where('expires_at', '>', now).del().returning('principal')) as Array<{ principal: Record<string, unknown> | string }>;
  if (!row) return undefined;
  return typeof row.principal === 'string' ? JSON.parse(row.principal) as Record<string, unknown> : row.principal;
}
