import type { Knex } from 'knex';
import { applyFilter, type FigureFilter } from './monitoring-store';

/** A row of `evaluation`. */
export interface EvaluationRow {
  id: string;
  application_id: string;
  application_number: string;
  stage: string;
  task_id: string | null;
  grade: string;
  tags: string[];
  comment: string | null;
  channel: string;
  evaluated_at: Date;
  evaluator_id: string;
  staff_id: string | null;
  handling_department_code: string;
  department_code: string;
  region_code: string;
  district_code: string;
  level: string;
  item_code: string;
}

/** A row of `rectification`. */
export interface RectificationRow {
  id: string;
  evaluation_id: string;
  application_id: string;
  handling_department_code: string;
  department_code: string;
  region_code: string;
  district_code: string;
  status: 'open' | 'verified' | 'rectified' | 'visited' | 'closed';
  limit_days: number;
  due_at: Date;
  created_at: Date;
  escalated_to: string | null;
  escalations: number;
  escalated_at: Date | null;
  substantiated: boolean | null;
  finding: string | null;
  verified_by: string | null;
  verified_at: Date | null;
  measures: string | null;
  rectified_by: string | null;
  rectified_at: Date | null;
  visit_method: string | null;
  applicant_satisfied: boolean | null;
  visit_note: string | null;
  visited_by: string | null;
  visited_at: Date | null;
  outcome: string | null;
  close_note: string | null;
  closed_by: string | null;
  closed_at: Date | null;
  on_time: boolean | null;
}

/** Inserts an evaluation unless the stage was evaluated already; answers whether it was new. */
export async function insertEvaluation(trx: Knex.Transaction, row: EvaluationRow): Promise<boolean> {
  const inserted = await trx('evaluation').insert(row).onConflict(['application_id', 'stage']).ignore().returning('id');
  return inserted.length > 0;
}

export async function evaluationsOf(knex: Knex, applicationId: string): Promise<EvaluationRow[]> {
  return (await knex('evaluation').where({ application_id: applicationId }).orderBy('evaluated_at')) as EvaluationRow[];
}

export async function findEvaluation(knex: Knex | Knex.Transaction, id: string): Promise<EvaluationRow | undefined> {
  return (await knex('evaluation').where({ id }).first()) as EvaluationRow | undefined;
}

/** Evaluations in a scope, newest first, paged. */
export async function searchEvaluations(knex: Knex, filter: FigureFilter, options: { grades?: string[]; from?: Date; to?: Date; applicantIds?: string[]; limit: number; offset: number }) {
  const base = applyFilter(knex('evaluation as e'), filter, 'e');
  if (options.grades) base.whereIn('e.grade', options.grades);
  if (options.from) base.where('e.evaluated_at', '>=', options.from);
  if (options.to) base.where('e.evaluated_at', '<', options.to);
  if (options.applicantIds) base.join('application as a', 'a.id', 'e.application_id').whereIn('a.applicant_id_number', options.applicantIds);
  const [count] = (await base.clone().count({ total: '*' })) as Array<{ total: string | number }>;
  const rows = (await base.clone().leftJoin('rectification as r', 'r.evaluation_id', 'e.id')
    .select('e.*', 'r.id as rectification_id', 'r.status as rectification_status')
    .orderBy([{ column: 'e.evaluated_at', order: 'desc' }, { column: 'e.id' }]).limit(options.limit).offset(options.offset)) as Array<EvaluationRow & { rectification_id: string | null; rectification_status: string | null }>;
  return { total: Number(count?.total ?? 0), rows };
}

export async function insertRectification(trx: Knex.Transaction, row: RectificationRow): Promise<void> {
  await trx('rectification').insert(row);
}

export async function findRectification(knex: Knex | Knex.Transaction, id: string): Promise<RectificationRow | undefined> {
  return (await knex('rectification').where({ id }).first()) as RectificationRow | undefined;
}

export async function lockRectification(trx: Knex.Transaction, id: string): Promise<RectificationRow | undefined> {
  return (await trx('rectification').where({ id }).forUpdate().first()) as RectificationRow | undefined;
}

export async function updateRectification(trx: Knex.Transaction, id: string, patch: Partial<RectificationRow>): Promise<void> {
  await trx('rectification').where({ id }).update(patch);
}

export async function rectificationOfEvaluation(knex: Knex, evaluationId: string): Promise<RectificationRow | undefined> {
  return (await knex('rectification').where({ evaluation_id: evaluationId }).first()) as RectificationRow | undefined;
}

/** Rectifications in a scope (or of one handling department and region), oldest deadline first, paged. */
export async function searchRectifications(
  knex: Knex,
  filter: FigureFilter,
  options: { statuses?: string[]; overdueAt?: Date; handling?: { departmentCode: string; regionCode: string }; limit: number; offset: number },
) {
  const base = applyFilter(knex('rectification as r'), filter, 'r');
  if (options.statuses) base.whereIn('r.status', options.statuses);
  if (options.overdueAt) base.whereNot('r.status', 'closed').where('r.due_at', '<', options.overdueAt);
  if (options.handling) base.where({ 'r.handling_department_code': options.handling.departmentCode, 'r.region_code': options.handling.regionCode });
  const [count] = (await base.clone().count({ total: '*' })) as Array<{ total: string | number }>;
  const rows = (await base.clone().join('evaluation as e', 'e.id', 'r.evaluation_id')
    .select('r.*', 'e.grade', 'e.stage', 'e.comment', 'e.tags', 'e.application_number', 'e.staff_id', 'e.evaluated_at', 'e.item_code')
    .orderBy([{ column: 'r.due_at' }, { column: 'r.id' }]).limit(options.limit).offset(options.offset)) as Array<RectificationRow & {
    grade: string; stage: string; comment: string | null; tags: string[]; application_number: string; staff_id: string | null; evaluated_at: Date; item_code: string;
  }>;
  return { total: Number(count?.total ?? 0), rows };
}
