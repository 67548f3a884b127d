import type { Knex } from 'knex';
import type { Progress } from '@tongban/schemas';
import { maskName } from '../applications/views';

interface ArchiveCaseRow {
  case_number: string;
  item_code: string;
  item_name: string | null;
  department_code: string;
  applicant_kind: string;
  applicant_name: string;
  applicant_id_number: string;
  submitted_at: Date | string;
  accepted_at: Date | string | null;
  closed_at: Date | string;
  due_at: Date | string | null;
  result: string;
  source_system: string | null;
}

const STATUS: Record<string, string> = { withdrawn: 'withdrawn', terminated: 'terminated' };
const CLOSING_KIND: Record<string, string> = { withdrawn: 'applicationWithdrawn', terminated: 'instanceTerminated' };
const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * The public progress view (`GET /api/v1/progress`) of an archived case (历史办件) — the same masked shape as a
 * live application's: found only when the number and the applicant's ID number both match, the applicant's name
 * masked, and a timeline of submission, acceptance and closure rebuilt from the record, the closing step naming
 * the system the case was handled in.
 */
export async function archivedProgress(knex: Knex, number: string, idNumber: string): Promise<Progress | undefined> {
  const row = await knex<ArchiveCaseRow>('archive_case').where({ case_number: number }).first();
  if (!row || row.applicant_id_number !== idNumber) return undefined;
  const [item, department] = await Promise.all([
    row.item_name ? undefined : knex('item').where({ code: row.item_code }).first('name'),
    knex('department').where({ code: row.department_code }).first('name'),
  ]);
  const departmentName = (department as { name?: string } | undefined)?.name ?? null;
  const step = (seq: number, at: Date | string, kind: string, fields: { actor: string; stage: string; name: string; outcome?: string }) => ({
    seq, at: iso(at), kind, actor: fields.actor, elementId: null, stage: fields.stage, name: fields.name, outcome: fields.outcome ?? null,
    opinion: null, departmentCode: row.department_code, departmentName, durationMs: null,
  });
  const steps = [step(1, row.submitted_at, 'applicationSubmitted', { actor: 'applicant', stage: 'submit', name: '申请' })];
  if (row.accepted_at) steps.push(step(2, row.accepted_at, 'taskDecided', { actor: 'staff', stage: 'accept', name: '受理', outcome: 'accept' }));
  steps.push(step(steps.length + 1, row.closed_at, CLOSING_KIND[row.result] ?? 'instanceCompleted', {
    actor: 'staff', stage: 'close', name: row.source_system ? `办结（历史办件，${row.source_system}）` : '办结（历史办件）', outcome: row.result,
  }));
  return {
    number: row.case_number,
    itemName: row.item_name ?? (item as { name?: string } | undefined)?.name ?? row.item_code,
    applicantName: maskName(row.applicant_name, row.applicant_kind),
    status: STATUS[row.result] ?? 'completed',
    stage: 'close',
    result: row.result,
    submittedAt: iso(row.submitted_at),
    dueAt: row.due_at ? iso(row.due_at) : null,
    closedAt: iso(row.closed_at),
    steps,
  };
}
