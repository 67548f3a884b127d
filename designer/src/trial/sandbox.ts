/**
 * The trial run (试运行) of a draft's procedure, entirely in the browser. `@tongban/engine` is pure — compile once,
 * then `step(state, command) → { state, effects }` with the clock, ids and FEEL functions passed in — so the designer
 * runs the very interpreter the runtime runs, on a simulated clock, and applies the effects to in-memory lists
 * instead of database rows. Nothing is sent to the runtime: no application, number, task, job or history is written,
 * and no real data (licences, applicants) is read. What the runtime adds around the engine is imitated here the way
 * `runtime/src/domains/applications/service.ts` does it: the intake variables, `<stage>Outcome` and
 * `missingMaterialIds` on task completion, and the built-in job types' result variables.
 */
import { compileDefinition, isRejection, step, type Command, type CompiledDefinition, type DeployProblem, type Effect, type InstanceState } from '@tongban/engine';
import { createCalendar, seedRows, type WorkingCalendar } from '@tongban/calendar';
import { RUNTIME_FEEL_FUNCTIONS } from '@/editors/bpmn/engine-report';

/** An open user task of the trial. */
export interface TrialTask {
  id: string;
  elementId: string;
  name: string;
  candidateGroups: string[];
  candidateUsers: string[];
  assignee?: string;
  formId?: string;
  headers: Record<string, string>;
  stage?: string;
  dueDate?: string;
  createdAt: string;
  variables: Record<string, unknown>;
}

/** An open job (service task) of the trial. */
export interface TrialJob {
  id: string;
  elementId: string;
  name: string;
  jobType: string;
  retries: number;
  headers: Record<string, string>;
  variables: Record<string, unknown>;
  failed: boolean;
}

/** A scheduled timer. */
export interface TrialTimer {
  id: string;
  elementId: string;
  name: string;
  dueAt: string;
}

/** An open message subscription (e.g. waiting for the applicant's supplementation). */
export interface TrialSubscription {
  id: string;
  elementId: string;
  name: string;
  messageName: string;
  correlationKey: string;
}

/** A called process (call activity): the trial completes it by hand. */
export interface TrialCall {
  id: string;
  elementId: string;
  name: string;
  processId: string;
}

/** An incident (a FEEL or mapping failure, a job out of retries). */
export interface TrialIncident {
  id: string;
  elementId: string;
  kind: string;
  message: string;
  jobId?: string;
}

/** One entry of the trial's timeline. */
export interface TrialEvent {
  seq: number;
  at: string;
  kind: string;
  elementId?: string;
  elementType?: string;
  name?: string;
  actor?: string;
  variables?: Record<string, unknown>;
  details?: Record<string, unknown>;
}

/** A command the engine refused, with its message. */
export interface TrialRefusal {
  code: string;
  message: { zh: string; en: string };
}

/** Outcomes a task may have, by stage, as the runtime allows them (`runtime/src/domains/applications/outcomes.ts`). */
export const STAGE_OUTCOMES: Record<string, readonly string[]> = {
  accept: ['accept', 'reject', 'supplement'],
  review: ['pass', 'return', 'deny'],
  decide: ['approve', 'deny', 'return'],
  close: ['done'],
  deliver: ['done'],
};

/** Outcomes that need a written opinion. */
export const OUTCOMES_NEEDING_OPINION = new Set(['reject', 'deny', 'return', 'supplement']);

/** The outcomes a task allows: its `outcomes` header, else those of its stage, else `done`. */
export function allowedOutcomes(task: Pick<TrialTask, 'stage' | 'headers'>): readonly string[] {
  if (task.headers.outcomes) return task.headers.outcomes.split(',').map((outcome) => outcome.trim()).filter(Boolean);
  return (task.stage && STAGE_OUTCOMES[task.stage]) || ['done'];
}

/** The process variable a task's outcome is written to (`outcomeVariable` header, else `<stage>Outcome`). */
export function outcomeVariable(task: Pick<TrialTask, 'stage' | 'headers'>): string | undefined {
  if (task.headers.outcomeVariable) return task.headers.outcomeVariable;
  return task.stage ? `${task.stage}Outcome` : undefined;
}

/** What the runtime's built-in job types put into the process, as editable presets for the trial. */
export const JOB_RESULT_PRESETS: Record<string, Array<{ label: string; variables: Record<string, unknown> }>> = {
  'tongban.review-assistant': [
    { label: 'pass', variables: { reviewResult: 'pass', reviewFindings: [] } },
    { label: 'attention', variables: { reviewResult: 'attention', reviewFindings: [{ ruleId: 'trial', severity: 'warning', message: { zh: '试运行：需人工关注', en: 'trial: needs attention' } }] } },
    { label: 'fail', variables: { reviewResult: 'fail', reviewFindings: [{ ruleId: 'trial', severity: 'error', message: { zh: '试运行：审核不通过', en: 'trial: review failed' } }] } },
  ],
  'tongban.licence-issue': [{ label: 'issued', variables: { licenceId: 'TRIAL-LICENCE-0001' } }],
  'tongban.notify': [{ label: 'notified', variables: { notified: true } }],
  'tongban.follow-on': [{ label: 'none', variables: { followOnApplications: [] } }],
};

/** The variables intake sets before the process starts (as the runtime's intake does). */
export function intakeVariables(input: {
  itemCode: string;
  formData: Record<string, unknown>;
  materials: readonly string[];
  applicant: { kind: 'person' | 'organisation'; name: string; idNumber: string };
  regionCode: string;
  channel: string;
}): Record<string, unknown> {
  return {
    ...input.formData,
    applicationNumber: 'TRIAL-0000001',
    itemCode: input.itemCode,
    regionCode: input.regionCode,
    channel: input.channel,
    applicant: input.applicant,
    materials: [...input.materials],
  };
}

let sharedCalendar: WorkingCalendar | null = null;

/** The working-day calendar of the seed (2024–2027 holidays and make-up days), for the runtime's FEEL functions. */
function calendar(): WorkingCalendar {
  sharedCalendar ??= createCalendar(seedRows());
  return sharedCalendar;
}

const instantOf = (value: unknown): string | Date => {
  if (value instanceof Date || typeof value === 'string') return value;
  if (value !== null && value !== undefined) return String(value);
  throw new TypeError('a date-time is required');
};

/** The FEEL functions the runtime provides (`addWorkingDays`, `workingDaysBetween`), over the seeded calendar. */
export function trialFunctions(): Record<string, (...args: unknown[]) => unknown> {
  const cal = calendar();
  return {
    addWorkingDays: (from: unknown, days: unknown) => cal.format(cal.addWorkingDays(instantOf(from), Number(days))),
    workingDaysBetween: (from: unknown, to: unknown) => cal.countWorkingDays(instantOf(from), instantOf(to)),
  };
}

/** Result of {@link TrialSandbox.compile}: a sandbox, or the deploy problems that prevent the trial. */
export type TrialCompilation = { ok: true; sandbox: TrialSandbox; warnings: DeployProblem[] } | { ok: false; problems: DeployProblem[] };

/** One trial run of a process: its state, open work, timeline, and the commands that move it. */
export class TrialSandbox {
  state: InstanceState | undefined;
  readonly tasks = new Map<string, TrialTask>();
  readonly jobs = new Map<string, TrialJob>();
  readonly timers = new Map<string, TrialTimer>();
  readonly subscriptions = new Map<string, TrialSubscription>();
  readonly calls = new Map<string, TrialCall>();
  readonly incidents = new Map<string, TrialIncident>();
  readonly timeline: TrialEvent[] = [];
  /** The simulated clock: each command advances it by a minute; firing a timer moves it to the timer's time. */
  now: Date;
  private ids = 0;

  private constructor(readonly definition: CompiledDefinition, readonly processId: string, start: Date) {
    this.now = start;
  }

  /** Compiles the BPMN (as publishing would) and prepares a sandbox for `processId`. */
  static async compile(bpmn: string, processId: string, start = new Date()): Promise<TrialCompilation> {
    const result = await compileDefinition(bpmn, { functionNames: [...RUNTIME_FEEL_FUNCTIONS] });
    if (!result.ok) return { ok: false, problems: result.report.problems };
    const process = result.definition.processes.find((candidate) => candidate.id === processId);
    if (!process || !process.executable) {
      return {
        ok: false,
        problems: [{
          severity: 'error', elementId: processId, elementType: 'bpmn:Process', code: 'TB_BPMN_NO_EXECUTABLE_PROCESS',
          message: { zh: `流程 ${processId} 不存在或不可执行`, en: `process ${processId} is missing or not executable` },
        }],
      };
    }
    return { ok: true, sandbox: new TrialSandbox(result.definition, processId, start), warnings: result.report.problems };
  }

  /** The instance's status (`active`, `completed`, `terminated`, …), or `not-started`. */
  get status(): string {
    return this.state?.status ?? 'not-started';
  }

  /** The process-level variables. */
  get variables(): Record<string, unknown> {
    return this.state ? { ...(this.state.variables[this.state.rootKey] ?? {}) } : {};
  }

  /** The element's name in the model. */
  nameOf(elementId: string): string {
    return this.definition.processes.flatMap((process) => [process.elements[elementId]?.name]).find(Boolean) ?? elementId;
  }

  /** The ids of elements holding a token (for highlighting on the canvas). */
  activeElementIds(): string[] {
    if (!this.state) return [];
    return [...new Set(Object.values(this.state.elements).filter((element) => element.role === 'element').map((element) => element.elementId))];
  }

  /** Starts the process with the intake variables. */
  start(variables: Record<string, unknown>, actor: string): TrialRefusal | null {
    return this.run({ type: 'start', processId: this.processId, variables, actor });
  }

  /** Completes a task with its form data and outcome, as the worklist would. */
  completeTask(taskId: string, input: { outcome?: string; formData?: Record<string, unknown>; missingMaterials?: string[] }, actor: string): TrialRefusal | null {
    const task = this.tasks.get(taskId);
    if (!task) return { code: 'TB_TASK_NOT_FOUND', message: { zh: '任务不存在', en: 'no such task' } };
    const variables: Record<string, unknown> = { ...(input.formData ?? {}) };
    const variable = outcomeVariable(task);
    if (variable && input.outcome) variables[variable] = input.outcome;
    if (input.outcome === 'supplement') variables.missingMaterialIds = input.missingMaterials ?? [];
    return this.run({ type: 'completeTask', taskId, variables, actor });
  }

  /** Completes a job with the output variables chosen. */
  completeJob(jobId: string, variables: Record<string, unknown>): TrialRefusal | null {
    return this.run({ type: 'completeJob', jobId, variables });
  }

  /** Fails a job (no retries left raises an incident). */
  failJob(jobId: string, message: string, retries = 0): TrialRefusal | null {
    return this.run({ type: 'failJob', jobId, retries, errorMessage: message });
  }

  /** Throws a BPMN error from a job. */
  throwError(jobId: string, errorCode: string, message?: string): TrialRefusal | null {
    return this.run({ type: 'throwError', jobId, errorCode, ...(message ? { errorMessage: message } : {}) });
  }

  /** Moves the clock to the timer's due time and fires it. */
  fireTimer(timerId: string): TrialRefusal | null {
    const timer = this.timers.get(timerId);
    if (timer && new Date(timer.dueAt).getTime() > this.now.getTime()) this.now = new Date(timer.dueAt);
    return this.run({ type: 'fireTimer', timerId }, false);
  }

  /** Correlates a message (e.g. the applicant hands in supplementary materials). */
  correlate(subscriptionId: string, variables: Record<string, unknown>): TrialRefusal | null {
    return this.run({ type: 'correlateMessage', subscriptionId, variables });
  }

  /** Completes a called process with its result variables. */
  completeCall(callId: string, variables: Record<string, unknown>): TrialRefusal | null {
    return this.run({ type: 'completeCallActivity', callId, variables });
  }

  /** Retries what failed. */
  resolveIncident(incidentId: string): TrialRefusal | null {
    return this.run({ type: 'resolveIncident', incidentId, retries: 1 });
  }

  /** Cancels the trial instance. */
  cancel(actor: string): TrialRefusal | null {
    return this.run({ type: 'cancel', reason: 'trial cancelled', actor });
  }

  private run(command: Command, tick = true): TrialRefusal | null {
    if (tick) this.now = new Date(this.now.getTime() + 60_000);
    const outcome = step(this.definition, this.state, command, {
      now: this.now.toISOString(),
      newId: () => `trial-${++this.ids}`,
      functions: trialFunctions(),
      utcOffsetMinutes: 480,
    });
    if (isRejection(outcome)) return { code: outcome.code, message: outcome.message };
    this.state = outcome.state;
    for (const effect of outcome.effects) this.apply(effect);
    this.reconcile();
    return null;
  }

  /**
   * Drops what the engine no longer holds open. A completed task or job, a fired timer or a correlated subscription
   * leaves the state without an effect of its own (only a history event), so the open lists follow the state.
   */
  private reconcile(): void {
    const state = this.state;
    if (!state) return;
    const open = [
      [this.tasks, state.tasks], [this.jobs, state.jobs], [this.timers, state.timers],
      [this.subscriptions, state.subscriptions], [this.calls, state.calls], [this.incidents, state.incidents],
    ] as const;
    for (const [list, live] of open) {
      for (const id of [...list.keys()]) if (!Object.hasOwn(live, id)) list.delete(id);
    }
  }

  private apply(effect: Effect): void {
    switch (effect.type) {
      case 'taskCreated':
        this.tasks.set(effect.taskId, {
          id: effect.taskId,
          elementId: effect.elementId,
          name: effect.name ?? this.nameOf(effect.elementId),
          candidateGroups: effect.candidateGroups,
          candidateUsers: effect.candidateUsers,
          ...(effect.assignee ? { assignee: effect.assignee } : {}),
          ...(effect.form?.formId ? { formId: effect.form.formId } : {}),
          headers: effect.headers,
          ...(effect.headers.stage ? { stage: effect.headers.stage } : {}),
          ...(effect.dueDate ? { dueDate: effect.dueDate } : {}),
          createdAt: this.now.toISOString(),
          variables: effect.variables,
        });
        break;
      case 'taskCancelled':
        this.tasks.delete(effect.taskId);
        break;
      case 'timerScheduled':
        this.timers.set(effect.timerId, { id: effect.timerId, elementId: effect.elementId, name: this.nameOf(effect.elementId), dueAt: effect.dueAt });
        break;
      case 'timerCancelled':
        this.timers.delete(effect.timerId);
        break;
      case 'jobCreated':
        this.jobs.set(effect.jobId, {
          id: effect.jobId, elementId: effect.elementId, name: this.nameOf(effect.elementId), jobType: effect.jobType, retries: effect.retries,
          headers: effect.headers, variables: effect.variables, failed: false,
        });
        break;
      case 'jobCancelled':
        this.jobs.delete(effect.jobId);
        break;
      case 'jobRetriesUpdated': {
        const job = this.jobs.get(effect.jobId);
        if (job) this.jobs.set(job.id, { ...job, retries: effect.retries, failed: false });
        break;
      }
      case 'subscriptionOpened':
        this.subscriptions.set(effect.subscriptionId, {
          id: effect.subscriptionId, elementId: effect.elementId, name: this.nameOf(effect.elementId), messageName: effect.messageName, correlationKey: effect.correlationKey,
        });
        break;
      case 'subscriptionClosed':
        this.subscriptions.delete(effect.subscriptionId);
        break;
      case 'callActivityStarted':
        this.calls.set(effect.callId, { id: effect.callId, elementId: effect.elementId, name: this.nameOf(effect.elementId), processId: effect.processId });
        break;
      case 'callActivityCancelled':
        this.calls.delete(effect.callId);
        break;
      case 'incidentRaised': {
        this.incidents.set(effect.incidentId, { id: effect.incidentId, elementId: effect.elementId, kind: effect.kind, message: effect.message, ...(effect.jobId ? { jobId: effect.jobId } : {}) });
        const job = effect.jobId ? this.jobs.get(effect.jobId) : undefined;
        if (job) this.jobs.set(job.id, { ...job, failed: true });
        break;
      }
      case 'incidentResolved':
        this.incidents.delete(effect.incidentId);
        break;
      case 'history':
        this.timeline.push({
          seq: this.timeline.length + 1,
          at: effect.event.at,
          kind: effect.event.kind,
          ...(effect.event.elementId ? { elementId: effect.event.elementId, name: this.nameOf(effect.event.elementId) } : {}),
          ...(effect.event.elementType ? { elementType: effect.event.elementType } : {}),
          ...(effect.event.actor ? { actor: effect.event.actor } : {}),
          ...(effect.event.variables ? { variables: effect.event.variables } : {}),
          ...(effect.event.details ? { details: effect.event.details } : {}),
        });
        break;
      default:
        break;
    }
  }
}
