import type { Knex } from 'knex';
import { maskResidentId } from '@tongban/gov-codes';
import type { Principal } from '../../plugins/auth';
import { isApplicantOf, isStaff } from './access';
import type { ApplicationRow, TaskRow } from './store';

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);

/** Masks a name for public display: 张三 → 张*, 欧阳娜娜 → 欧***; organisations keep their name. */
export function maskName(name: string, kind: string): string {
  if (kind !== 'person') return name;
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** A task as the API shows it. */
export function taskView(task: TaskRow, extra: { applicationNumber?: string; itemCode?: string; itemName?: string; applicantName?: string } = {}) {
  return {
    id: task.id,
    applicationId: task.application_id,
    ...(extra.applicationNumber ? { applicationNumber: extra.applicationNumber } : {}),
    ...(extra.itemCode ? { itemCode: extra.itemCode } : {}),
    ...(extra.itemName ? { itemName: extra.itemName } : {}),
    ...(extra.applicantName ? { applicantName: extra.applicantName } : {}),
    elementId: task.element_id,
    name: task.name,
    stage: task.stage,
    status: task.status,
    candidateGroups: task.candidate_groups,
    candidateUsers: task.candidate_users,
    assignee: task.assignee,
    departmentCode: task.department_code,
    regionCode: task.region_code,
    level: task.level,
    formId: task.form_id,
    headers: task.headers,
    dueAt: iso(task.due_at),
    createdAt: iso(task.created_at) as string,
    completedAt: iso(task.completed_at),
    completedBy: task.completed_by,
    outcome: task.outcome,
    opinion: task.opinion,
  };
}

/**
 * An application as the caller may see it: the applicant and the handling staff see the applicant's full
 * identifier, others (supervisors) a masked one.
 */
export async function applicationView(knex: Knex, application: ApplicationRow, principal: Principal) {
  const [tasks, materials, incidents, item] = await Promise.all([
    knex('task').where({ application_id: application.id }).orderBy('created_at') as Promise<TaskRow[]>,
    knex('application_material').where({ application_id: application.id }).orderBy('id'),
    knex('incident').where({ application_id: application.id, status: 'open' }).orderBy('created_at'),
    knex('item').where({ code: application.item_code }).first('name'),
  ]);
  const version = await knex('item_version').where({ id: application.item_version_id }).first('version');
  const fullIdentity = isApplicantOf(principal, application) || isStaff(principal) || principal.roles.includes('admin');
  const variables = (application.state?.variables?.[application.state.rootKey] ?? {}) as Record<string, unknown>;
  return {
    id: application.id,
    number: application.number,
    itemCode: application.item_code,
    itemName: item?.name ?? application.item_code,
    itemVersion: Number(version?.version ?? 0),
    regionCode: application.region_code,
    servicePointRegionCode: application.service_point_region_code,
    departmentCode: application.department_code,
    level: application.level,
    channel: application.channel,
    status: application.status,
    stage: application.stage,
    result: application.result,
    submittedAt: iso(application.submitted_at) as string,
    acceptedAt: iso(application.accepted_at),
    dueAt: iso(application.due_at),
    closedAt: iso(application.closed_at),
    applicant: {
      kind: application.applicant_kind,
      name: application.applicant_name,
      idNumber: fullIdentity || application.applicant_kind !== 'person' ? application.applicant_id_number : maskResidentId(application.applicant_id_number),
    },
    formData: fullIdentity ? application.form_data : {},
    missingMaterials: Array.isArray(variables.missingMaterialIds) ? variables.missingMaterialIds : [],
    tasks: tasks.map((task) => taskView(task)),
    materials: materials.map((row: Record<string, unknown>) => ({
      materialId: row.material_id,
      kind: row.kind,
      fileId: row.file_sha256 ?? null,
      fileName: row.file_name ?? null,
      mediaType: row.media_type ?? null,
      size: row.size === null || row.size === undefined ? null : Number(row.size),
      licenceId: row.licence_id ?? null,
      verified: Boolean(row.verified),
      round: Number(row.round),
    })),
    incidents: incidents.map((row: Record<string, unknown>) => ({
      id: row.id, elementId: row.element_id, kind: row.kind, message: row.message, createdAt: iso(row.created_at as Date),
    })),
    rev: application.rev,
  };
}

/** Event kinds that make a step of the timeline people read (the rest is engine detail, kept for audit). */
const TIMELINE_KINDS = new Set([
  'applicationSubmitted', 'taskCreated', 'taskClaimed', 'taskDelegated', 'taskDecided', 'materialsSupplemented',
  'applicationWithdrawn', 'instanceCompleted', 'instanceTerminated', 'instanceCancelled', 'jobCompleted', 'timerFired',
  'incidentRaised', 'incidentResolved', 'messageCorrelated', 'errorCaught',
  // Supervision (docs/supervision.md): the legal clock, warnings, 好差评 and rectification.
  'deadlineWarning', 'deemedAccepted', 'clockSuspended', 'clockResumed', 'extensionRequested', 'extensionDecided',
  'evaluationReceived', 'rectificationOpened', 'rectificationVerified', 'rectificationRectified', 'rectificationVisited',
  'rectificationClosed', 'rectificationEscalated',
  // Collaboration (docs/collaboration.md): review assistant, parallel approval, offers, nearby handling.
  'reviewCompleted', 'applicationAutoAccepted', 'parallelApprovalEnded', 'followOnOffered', 'proactiveOffered', 'startedFromOffer',
  'servicePointPreChecked', 'originalsHandedOver', 'originalsReceived',
]);

/**
 * The application's timeline: each step with who, where, when, the opinion and how long it took. `full` adds every
 * engine event (flows taken, elements activated) for staff and auditors.
 */
export async function timelineView(knex: Knex, application: ApplicationRow, options: { full: boolean; public: boolean }) {
  const rows = await knex('event').where({ application_id: application.id }).orderBy('seq');
  const departments = new Map<string, string>((await knex('department').select('code', 'name')).map((row: { code: string; name: string }) => [row.code, row.name]));
  const taskCreatedAt = new Map<string, number>();
  return rows
    .filter((row: { kind: string }) => options.full || TIMELINE_KINDS.has(row.kind))
    .map((row: Record<string, unknown>) => {
      const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>;
      const at = new Date(row.at as string);
      const details = (data.details ?? {}) as Record<string, unknown>;
      let durationMs: number | null = null;
      if (row.kind === 'taskCreated' && typeof details.taskId === 'string') taskCreatedAt.set(details.taskId, at.getTime());
      if (row.kind === 'taskDecided') {
        const started = typeof data.startedAt === 'string' ? Date.parse(data.startedAt) : taskCreatedAt.get(String(data.taskId));
        if (started !== undefined && !Number.isNaN(started)) durationMs = at.getTime() - started;
      }
      const departmentCode = typeof data.departmentCode === 'string' ? data.departmentCode : null;
      return {
        seq: Number(row.seq),
        at: at.toISOString(),
        kind: String(row.kind),
        actor: options.public ? (String(row.actor).startsWith('system') ? 'system' : 'staff') : String(row.actor),
        elementId: (row.element_id as string | null) ?? null,
        stage: typeof data.stage === 'string' ? data.stage : null,
        name: typeof data.name === 'string' ? data.name : (typeof details.name === 'string' ? details.name : null),
        outcome: typeof data.outcome === 'string' ? data.outcome : null,
        opinion: typeof data.opinion === 'string' ? data.opinion : null,
        departmentCode,
        departmentName: departmentCode ? departments.get(departmentCode) ?? null : null,
        durationMs,
        ...(options.public ? {} : { data }),
      };
    });
}
