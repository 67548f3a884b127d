import type { Knex } from 'knex';
import type { InstanceState } from '@tongban/engine';

/** An application row as the service works with it. */
export interface ApplicationRow {
  id: string;
  number: string;
  item_code: string;
  item_version_id: number;
  process_id: string;
  region_code: string;
  service_point_region_code: string | null;
  department_code: string;
  level: string;
  applicant_kind: string;
  applicant_id_number: string;
  applicant_name: string;
  applicant: Record<string, unknown>;
  submitted_by: string;
  channel: string;
  form_data: Record<string, unknown>;
  status: string;
  stage: string;
  result: string | null;
  submitted_at: Date;
  accepted_at: Date | null;
  due_at: Date | null;
  closed_at: Date | null;
  state: InstanceState;
  rev: number;
  event_seq: number;
  event_hash: string;
  parent_application_id: string | null;
  parent_call_id: string | null;
  updated_at: Date;
}

/** A task row. */
export interface TaskRow {
  id: string;
  application_id: string;
  element_id: string;
  name: string | null;
  stage: string | null;
  status: 'open' | 'completed' | 'cancelled';
  candidate_groups: string[];
  candidate_users: string[];
  assignee: string | null;
  department_code: string;
  region_code: string;
  level: string;
  form_id: string | null;
  headers: Record<string, string>;
  variables: Record<string, unknown>;
  due_at: Date | null;
  created_at: Date;
  claimed_at: Date | null;
  completed_at: Date | null;
  completed_by: string | null;
  outcome: string | null;
  opinion: string | null;
}

/** A job row (a timer or a service-task job). */
export interface JobRow {
  id: string;
  application_id: string | null;
  item_version_id: number | null;
  kind: 'timer' | 'service' | 'start-timer' | 'system';
  element_id: string;
  job_type: string | null;
  status: 'ready' | 'locked' | 'completed' | 'cancelled' | 'incident';
  due_at: Date;
  retries: number;
  attempts: number;
  repetitions: number | null;
  locked_by: string | null;
  locked_until: Date | null;
  completed_by?: string | null;
  headers: Record<string, string>;
  variables: Record<string, unknown>;
  error_message: string | null;
  created_at: Date;
  completed_at: Date | null;
}

/** Locks an application row for the rest of the transaction (concurrent commands on one application serialise). */
export async function lockApplication(trx: Knex.Transaction, id: string): Promise<ApplicationRow | undefined> {
  return (await trx('application').where({ id }).forUpdate().first()) as ApplicationRow | undefined;
}

/** Reads an application without locking it. */
export async function findApplication(knex: Knex, id: string): Promise<ApplicationRow | undefined> {
  return (await knex('application').where({ id }).first()) as ApplicationRow | undefined;
}

/** Reads an application by its public number. */
export async function findApplicationByNumber(knex: Knex, number: string): Promise<ApplicationRow | undefined> {
  return (await knex('application').where({ number }).first()) as ApplicationRow | undefined;
}

/** Reads a task. */
export async function findTask(knex: Knex, id: string): Promise<TaskRow | undefined> {
  return (await knex('task').where({ id }).first()) as TaskRow | undefined;
}

/** The next application sequence value. */
export async function nextApplicationSequence(trx: Knex.Transaction): Promise<bigint> {
  const result = await trx.raw(`SELECT nextval('application_number_seq')::text AS value`);
  return BigInt((result.rows as Array<{ value: string }>)[0]!.value);
}
