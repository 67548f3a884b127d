import { hostname } from 'node:os';
import type { Knex } from 'knex';
import { AppError } from '../../errors/catalogue';
import type { ApplicationService } from '../applications/service';
import type { ApplicationRow, JobRow } from '../applications/store';

/** A built-in job handler: runs inside the job's transaction, so its effect and the job's completion commit together. */
export type JobHandler = (context: {
  trx: Knex.Transaction;
  job: JobRow;
  application: ApplicationRow;
  now: Date;
}) => Promise<Record<string, unknown> | void>;

/** Retry backoff after a failed attempt: 10 s, 1 min, 5 min, then 30 min. */
export function backoffMs(attempt: number): number {
  return [10_000, 60_000, 300_000][attempt - 1] ?? 1_800_000;
}

/** A job as an external worker receives it. */
export interface ActivatedJob {
  id: string;
  type: string;
  applicationId: string;
  applicationNumber: string;
  elementId: string;
  retries: number;
  headers: Record<string, string>;
  variables: Record<string, unknown>;
  lockedUntil: string;
}

/**
 * Timers and service-task jobs, fired exactly once across any number of runtime processes. A worker first
 * claims due jobs (`FOR UPDATE SKIP LOCKED`, a short transaction that only marks them locked with an expiry), then
 * runs each in its own transaction that locks the application row before the job row — the order every command
 * uses, so claims never deadlock with commands — and re-checks the lock is still its own. A crashed worker's
 * claims expire and are taken again; a job finished once is never run again because its row says so.
 */
export class JobService {
  readonly workerId = `${hostname()}:${process.pid}`;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly systemHandlers = new Map<string, JobHandler>();

  /**
   * @param lockMs how long the internal worker's claim lasts: a worker that dies holding a job releases it after this
   *   long (keep it above the longest built-in handler's run time).
   */
  constructor(
    private readonly knex: Knex,
    private readonly applications: ApplicationService,
    private readonly clock: () => Date = () => new Date(),
    private readonly lockMs = 30_000,
  ) {}

  /** Registers a built-in handler for a job type (e.g. `tongban.notify`). */
  register(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
  }

  /**
   * Registers a handler of system jobs: platform work scheduled for an application outside its BPMN (deadline
   * warnings, escalations …), claimed and run exactly once like service jobs but without an engine step. Schedule one
   * by inserting a `job` row with `kind = 'system'` and this `job_type` in the same transaction that decides it.
   */
  registerSystem(type: string, handler: JobHandler): void {
    this.systemHandlers.set(type, handler);
  }

  /** Job types run by built-in handlers. */
  get builtinTypes(): string[] {
    return [...this.handlers.keys()];
  }

  /**
   * Claims up to `limit` due jobs for this process: timers, and service jobs of the given types (built-in ones for the
   * internal worker, the requested type for an external worker).
   */
  async claim(options: { types: string[]; includeTimers: boolean; limit: number; lockMs: number; worker: string; systemTypes?: string[] }): Promise<JobRow[]> {
    const now = this.clock();
    return this.knex.transaction(async (trx) => {
      const rows = (await trx('job')
        .where((w) => w.where('status', 'ready').orWhere((l) => l.where('status', 'locked').andWhere('locked_until', '<', now)))
        .andWhere('due_at', '<=', now)
        .whereNotNull('application_id')
        .andWhere((w) => {
          if (options.includeTimers) w.where('kind', 'timer');
          if (options.types.length > 0) w.orWhere((s) => s.where('kind', 'service').whereIn('job_type', options.types));
          if (options.systemTypes && options.systemTypes.length > 0) w.orWhere((s) => s.where('kind', 'system').whereIn('job_type', options.systemTypes!));
          if (!options.includeTimers && options.types.length === 0 && !options.systemTypes?.length) w.whereRaw('false');
        })
        .orderBy('due_at')
        .limit(options.limit)
        .forUpdate()
        .skipLocked()) as JobRow[];
      if (rows.length === 0) return [];
      const lockedUntil = new Date(now.getTime() + options.lockMs);
      await trx('job').whereIn('id', rows.map((row) => row.id)).update({ status: 'locked', locked_by: options.worker, locked_until: lockedUntil });
      return rows.map((row) => ({ ...row, status: 'locked' as const, locked_by: options.worker, locked_until: lockedUntil }));
    });
  }

  /** Locks the application, then the job, and checks the job is still claimed by `worker`. */
  private async lockClaimed(trx: Knex.Transaction, jobId: string, worker: string | undefined) {
    const probe = (await trx('job').where({ id: jobId }).first()) as JobRow | undefined;
    if (!probe || !probe.application_id) throw new AppError('TB_JOB_NOT_FOUND', { params: { id: jobId } });
    const application = await this.applications.lock(trx, probe.application_id);
    const job = (await trx('job').where({ id: jobId }).forUpdate().first()) as JobRow;
    const usable = job.status === 'locked' && (worker === undefined || job.locked_by === worker);
    if (!usable) throw new AppError('TB_JOB_NOT_LOCKED', { params: { id: jobId } });
    return { application, job };
  }

  /** Runs one claimed job to completion (built-in handler or timer) in one transaction. */
  async runClaimed(job: JobRow): Promise<'done' | 'failed' | 'skipped'> {
    try {
      await this.knex.transaction(async (trx) => {
        const { application, job: locked } = await this.lockClaimed(trx, job.id, job.locked_by ?? undefined);
        const now = this.clock();
        if (application.status !== 'active' && locked.kind !== 'system') {
          await trx('job').where({ id: locked.id }).update({ status: 'cancelled', completed_at: now, locked_by: null, locked_until: null });
          return;
        }
        if (locked.kind === 'system') {
          const system = this.systemHandlers.get(locked.job_type ?? '');
          if (!system) throw new Error(`no system handler for ${locked.job_type}`);
          await system({ trx, job: locked, application, now });
          await trx('job').where({ id: locked.id }).update({ status: 'completed', completed_at: now, completed_by: locked.locked_by, locked_by: null, locked_until: null, attempts: locked.attempts + 1 });
          return;
        }
        if (locked.kind === 'timer') {
          await trx('job').where({ id: locked.id }).update({ status: 'completed', completed_at: now, completed_by: locked.locked_by, locked_by: null, locked_until: null });
          await this.applications.execute(trx, application, { type: 'fireTimer', timerId: locked.id }, 'system:timer', { now });
          return;
        }
        const handler = this.handlers.get(locked.job_type ?? '');
        if (!handler) throw new Error(`no built-in handler for ${locked.job_type}`);
        const variables = (await handler({ trx, job: locked, application, now })) ?? {};
        await trx('job').where({ id: locked.id }).update({ status: 'completed', completed_at: now, completed_by: locked.locked_by, locked_by: null, locked_until: null, attempts: locked.attempts + 1 });
        await this.applications.execute(trx, application, { type: 'completeJob', jobId: locked.id, variables }, `system:${locked.job_type}`, { now });
      });
      return 'done';
    } catch (error) {
      if (error instanceof AppError && error.code === 'TB_JOB_NOT_LOCKED') return 'skipped';
      await this.recordFailure(job, error instanceof Error ? error.message : String(error));
      return 'failed';
    }
  }

  /** A handler failed: one attempt fewer, retried after a backoff, an incident when none are left. */
  private async recordFailure(job: JobRow, message: string): Promise<void> {
    await this.knex.transaction(async (trx) => {
      const { application, job: locked } = await this.lockClaimed(trx, job.id, job.locked_by ?? undefined).catch(() => ({ application: undefined, job: undefined }));
      if (!application || !locked) return;
      await this.fail(trx, application, locked, Math.max(0, locked.retries - 1), message, `system:${locked.job_type}`);
    });
  }

  private async fail(trx: Knex.Transaction, application: ApplicationRow, job: JobRow, retries: number, message: string, actor: string, backoff?: number) {
    const now = this.clock();
    const attempts = job.attempts + 1;
    if (job.kind === 'system') {
      // No engine step: retried with backoff, an incident row when no attempts are left.
      await trx('job').where({ id: job.id }).update({
        status: retries > 0 ? 'ready' : 'incident', attempts, retries, error_message: message.slice(0, 2000),
        due_at: new Date(now.getTime() + (backoff ?? backoffMs(attempts))), locked_by: null, locked_until: null,
      });
      if (retries === 0) {
        await trx('incident').insert({
          id: `system-${job.id}`, application_id: application.id, job_id: job.id, element_id: `system:${job.job_type}`,
          kind: 'systemJobFailed', message: message.slice(0, 2000), status: 'open', created_at: now,
        }).onConflict('id').ignore();
      }
      return;
    }
    await trx('job').where({ id: job.id }).update({
      status: 'ready',
      attempts,
      retries,
      error_message: message.slice(0, 2000),
      due_at: new Date(now.getTime() + (backoff ?? backoffMs(attempts))),
      locked_by: null,
      locked_until: null,
    });
    // With no retries left the engine raises an incident, which the effects turn into an incident row and job status.
    await this.applications.execute(trx, application, { type: 'failJob', jobId: job.id, retries, errorMessage: message.slice(0, 2000) }, actor, { now });
  }

  /** One pass of the internal worker: claim due timers and built-in jobs, run them. Returns how many ran. */
  async runDue(limit = 20): Promise<number> {
    const claimed = await this.claim({
      types: this.builtinTypes, systemTypes: [...this.systemHandlers.keys()], includeTimers: true, limit, lockMs: this.lockMs, worker: this.workerId,
    });
    let ran = 0;
    for (const job of claimed) if ((await this.runClaimed(job)) === 'done') ran += 1;
    return ran;
  }

  /** External workers: fetch and lock jobs of a type (Zeebe's activate-jobs). */
  async activate(type: string, worker: string, maxJobs: number, lockMs: number): Promise<ActivatedJob[]> {
    const claimed = await this.claim({ types: [type], includeTimers: false, limit: maxJobs, lockMs, worker: `external:${worker}` });
    if (claimed.length === 0) return [];
    const numbers = new Map<string, string>((await this.knex('application').whereIn('id', claimed.map((job) => job.application_id!)).select('id', 'number'))
      .map((row: { id: string; number: string }) => [row.id, row.number]));
    return claimed.map((job) => ({
      id: job.id,
      type: job.job_type ?? type,
      applicationId: job.application_id!,
      applicationNumber: numbers.get(job.application_id!) ?? '',
      elementId: job.element_id,
      retries: job.retries,
      headers: job.headers,
      variables: job.variables,
      lockedUntil: (job.locked_until as Date).toISOString(),
    }));
  }

  /** An external worker completes its job. */
  async complete(jobId: string, worker: string, variables: Record<string, unknown>) {
    return this.knex.transaction(async (trx) => {
      const { application, job } = await this.lockClaimed(trx, jobId, `external:${worker}`);
      const now = this.clock();
      await trx('job').where({ id: job.id }).update({ status: 'completed', completed_at: now, completed_by: job.locked_by, locked_by: null, locked_until: null, attempts: job.attempts + 1 });
      return this.applications.execute(trx, application, { type: 'completeJob', jobId, variables }, `worker:${worker}`, { now });
    });
  }

  /** An external worker reports a failure with the retries left and an optional backoff. */
  async failExternal(jobId: string, worker: string, retries: number, message: string, backoff?: number) {
    return this.knex.transaction(async (trx) => {
      const { application, job } = await this.lockClaimed(trx, jobId, `external:${worker}`);
      await this.fail(trx, application, job, retries, message, `worker:${worker}`, backoff);
    });
  }

  /** An external worker throws a BPMN error (a modelled business outcome, caught by an error boundary). */
  async throwError(jobId: string, worker: string, errorCode: string, message?: string, variables?: Record<string, unknown>) {
    return this.knex.transaction(async (trx) => {
      const { application, job } = await this.lockClaimed(trx, jobId, `external:${worker}`);
      const now = this.clock();
      await trx('job').where({ id: job.id }).update({ status: 'completed', completed_at: now, locked_by: null, locked_until: null });
      return this.applications.execute(trx, application, {
        type: 'throwError', jobId, errorCode, ...(message ? { errorMessage: message } : {}), ...(variables ? { variables } : {}),
      }, `worker:${worker}`, { now });
    });
  }

  /** Retries a job's incident after a fix: the job becomes due again with `retries` attempts. */
  async resolveIncident(incidentId: string, actor: string, retries = 3) {
    return this.knex.transaction(async (trx) => {
      const incident = await trx('incident').where({ id: incidentId, status: 'open' }).first();
      if (!incident) throw new AppError('TB_INCIDENT_NOT_FOUND', { params: { id: incidentId } });
      const application = await this.applications.lock(trx, incident.application_id);
      const now = this.clock();
      if (incident.job_id) {
        await trx('job').where({ id: incident.job_id }).update({ status: 'ready', retries, due_at: now, error_message: null });
      }
      if (incident.kind === 'systemJobFailed') {
        await trx('incident').where({ id: incidentId }).update({ status: 'resolved', resolved_at: now, resolved_by: actor });
        return application;
      }
      return this.applications.execute(trx, application, { type: 'resolveIncident', incidentId, retries }, actor, { now });
    });
  }
}
