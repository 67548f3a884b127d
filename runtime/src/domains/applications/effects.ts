import type { Knex } from 'knex';
import type { Effect, HistoryEvent, StepResult } from '@tongban/engine';
import { chainEvents, type NewEvent } from './history';
import type { DepartmentDirectory } from './departments';
import type { ApplicationRow } from './store';

/** What applying a step needs besides the step itself. */
export interface ApplyOptions {
  trx: Knex.Transaction;
  application: ApplicationRow;
  result: StepResult;
  actor: string;
  now: Date;
  departments: DepartmentDirectory;
  /** Runtime events (submission, materials, opinions …) recorded before the engine's own. */
  events?: NewEvent[];
  /** Columns of the application to change besides those the effects imply. */
  patch?: Partial<Record<keyof ApplicationRow, unknown>>;
}

/** Engine history kinds worth a row in the timeline store (the fine-grained rest stays in the state). */
const RECORDED_KINDS = new Set<HistoryEvent['kind']>([
  'instanceStarted', 'instanceCompleted', 'instanceTerminated', 'instanceCancelled', 'elementActivated',
  'elementCompleted', 'elementTerminated', 'flowTaken', 'taskCreated', 'taskCompleted', 'taskCancelled', 'jobCreated',
  'jobCompleted', 'jobFailed', 'jobCancelled', 'timerScheduled', 'timerFired', 'timerCancelled', 'messageCorrelated',
  'callActivityStarted', 'callActivityCompleted', 'errorThrown', 'errorCaught', 'incidentRaised', 'incidentResolved',
  'variablesChanged', 'subscriptionOpened', 'subscriptionClosed', 'jobRetriesUpdated', 'callActivityCancelled',
]);

/** Derives the application's result from its final variables (docs/procedure-conventions.md). */
export function resultOf(variables: Record<string, unknown>): string {
  if (typeof variables.result === 'string' && variables.result.length > 0) return variables.result.slice(0, 32);
  if (variables.decideOutcome === 'approve') return 'approved';
  if (variables.decideOutcome === 'deny') return 'rejected';
  if (variables.acceptOutcome === 'reject') return 'not-accepted';
  return 'completed';
}

/**
 * Writes what one engine step changed, inside the command's transaction: task, job, timer, subscription and
 * incident rows, the hash-chained history, and the application row (state, revision, stage, status). Statements
 * are batched per table so a command costs a handful of round trips whatever the effects.
 */
export async function applyStep(options: ApplyOptions): Promise<ApplicationRow> {
  const { trx, application, result, actor, now, departments } = options;
  const tasks: object[] = [];
  const cancelledTasks: string[] = [];
  const jobs: object[] = [];
  const cancelledJobs: string[] = [];
  const retries: Array<{ id: string; retries: number }> = [];
  const subscriptions: object[] = [];
  const closedSubscriptions: string[] = [];
  const incidents: object[] = [];
  const incidentJobs: string[] = [];
  const resolvedIncidents: string[] = [];
  const events: NewEvent[] = [...(options.events ?? [])];
  let stage = application.stage;
  let status = application.status;
  let result_: string | null = application.result;
  let closedAt: Date | null = application.closed_at;

  for (const effect of result.effects as Effect[]) {
    switch (effect.type) {
      case 'taskCreated': {
        const departmentCode = effect.headers.department ?? application.department_code;
        const department = await departments.resolve(departmentCode, application.region_code, trx);
        if (effect.headers.stage) stage = effect.headers.stage;
        tasks.push({
          id: effect.taskId,
          application_id: application.id,
          element_id: effect.elementId,
          name: effect.name ?? null,
          stage: effect.headers.stage ?? null,
          status: 'open',
          candidate_groups: effect.candidateGroups,
          candidate_users: effect.candidateUsers,
          assignee: effect.assignee ?? null,
          department_code: department?.code ?? departmentCode,
          region_code: department?.regionCode ?? application.region_code,
          level: department?.level ?? application.level,
          form_id: effect.form?.formId ?? effect.form?.formKey ?? null,
          headers: JSON.stringify(effect.headers),
          variables: JSON.stringify(effect.variables),
          due_at: effect.dueDate ? new Date(effect.dueDate) : null,
          created_at: now,
        });
        break;
      }
      case 'taskCancelled':
        cancelledTasks.push(effect.taskId);
        break;
      case 'timerScheduled':
        jobs.push({
          id: effect.timerId,
          application_id: application.id,
          kind: 'timer',
          element_id: effect.elementId,
          job_type: null,
          status: 'ready',
          due_at: new Date(effect.dueAt),
          retries: 3,
          repetitions: effect.repetitions ?? null,
          headers: '{}',
          variables: '{}',
          created_at: now,
        });
        break;
      case 'timerCancelled':
        cancelledJobs.push(effect.timerId);
        break;
      case 'jobCreated':
        if (effect.headers.stage) stage = effect.headers.stage;
        jobs.push({
          id: effect.jobId,
          application_id: application.id,
          kind: 'service',
          element_id: effect.elementId,
          job_type: effect.jobType,
          status: 'ready',
          due_at: now,
          retries: effect.retries,
          headers: JSON.stringify(effect.headers),
          variables: JSON.stringify(effect.variables),
          created_at: now,
        });
        break;
      case 'jobCancelled':
        cancelledJobs.push(effect.jobId);
        break;
      case 'jobRetriesUpdated':
        retries.push({ id: effect.jobId, retries: effect.retries });
        break;
      case 'subscriptionOpened':
        subscriptions.push({
          id: effect.subscriptionId,
          application_id: application.id,
          element_id: effect.elementId,
          message_name: effect.messageName,
          correlation_key: effect.correlationKey,
          status: 'open',
          created_at: now,
        });
        break;
      case 'subscriptionClosed':
        closedSubscriptions.push(effect.subscriptionId);
        break;
      case 'incidentRaised':
        incidents.push({
          id: effect.incidentId,
          application_id: application.id,
          job_id: effect.jobId ?? null,
          element_id: effect.elementId,
          kind: effect.kind,
          message: effect.message,
          status: 'open',
          created_at: now,
        });
        if (effect.jobId) incidentJobs.push(effect.jobId);
        break;
      case 'incidentResolved':
        resolvedIncidents.push(effect.incidentId);
        break;
      case 'callActivityStarted':
      case 'callActivityCancelled':
        // Call activities across applications are started by the service after this write (see service.ts).
        break;
      case 'instanceCompleted':
        status = 'completed';
        closedAt = now;
        result_ = resultOf(effect.variables);
        break;
      case 'instanceTerminated':
        if (status === 'active') status = effect.status;
        closedAt = now;
        result_ ??= effect.status === 'cancelled' ? 'cancelled' : 'terminated';
        break;
      case 'history':
        if (RECORDED_KINDS.has(effect.event.kind)) {
          const data: Record<string, unknown> = {};
          if (effect.event.variables) data.variables = effect.event.variables;
          if (effect.event.details) data.details = effect.event.details;
          events.push({
            at: new Date(effect.event.at),
            actor: effect.event.actor ?? actor,
            kind: effect.event.kind,
            elementId: effect.event.elementId,
            elementType: effect.event.elementType,
            data,
          });
        }
        break;
      default:
        break;
    }
  }

  if (tasks.length > 0) await trx('task').insert(tasks);
  if (cancelledTasks.length > 0) {
    await trx('task').whereIn('id', cancelledTasks).where('status', 'open').update({ status: 'cancelled', completed_at: now });
  }
  if (jobs.length > 0) await trx('job').insert(jobs);
  if (cancelledJobs.length > 0) {
    await trx('job').whereIn('id', cancelledJobs).whereIn('status', ['ready', 'locked', 'incident'])
      .update({ status: 'cancelled', completed_at: now, locked_by: null, locked_until: null });
  }
  for (const { id, retries: remaining } of retries) await trx('job').where({ id }).update({ retries: remaining });
  if (subscriptions.length > 0) await trx('subscription').insert(subscriptions);
  if (closedSubscriptions.length > 0) {
    await trx('subscription').whereIn('id', closedSubscriptions).where('status', 'open').update({ status: 'closed', closed_at: now });
  }
  if (incidents.length > 0) await trx('incident').insert(incidents);
  if (incidentJobs.length > 0) {
    await trx('job').whereIn('id', incidentJobs).update({ status: 'incident', locked_by: null, locked_until: null });
  }
  if (resolvedIncidents.length > 0) {
    await trx('incident').whereIn('id', resolvedIncidents).where('status', 'open')
      .update({ status: 'resolved', resolved_at: now, resolved_by: actor });
  }
  const chained = chainEvents(application.id, { seq: application.event_seq, hash: application.event_hash }, events);
  if (chained.rows.length > 0) await trx('event').insert(chained.rows);

  const patch = {
    state: JSON.stringify(result.state),
    rev: application.rev + 1,
    stage,
    status,
    result: result_,
    closed_at: closedAt,
    event_seq: chained.head.seq,
    event_hash: chained.head.hash,
    updated_at: now,
    ...options.patch,
  };
  await trx('application').where({ id: application.id }).update(patch);
  return { ...application, ...patch, state: result.state } as ApplicationRow;
}
