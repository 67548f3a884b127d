/**
 * A tiny in-memory stand-in for the runtime, for conformance tests: it keeps several instances, starts child
 * instances for call activities and completes the call when the child completes, publishes messages by name
 * and correlation key, and fires timers in due order on a fake clock.
 */
import { isRejection, step, type Command, type CompiledDefinition, type Effect, type InstanceState } from '../../src/index.js';
import { deepFreeze } from './harness.js';

interface Entry {
  id: string;
  definition: CompiledDefinition;
  state: InstanceState;
  parent?: { instanceId: string; callId: string };
}

export class MiniRuntime {
  readonly instances = new Map<string, Entry>();
  readonly log: Array<{ instanceId: string; effect: Effect }> = [];
  now: string;
  private nextId = 1;
  private nextInstance = 1;

  constructor(
    private readonly definitions: CompiledDefinition[],
    now = '2025-01-15T02:00:00.000Z',
  ) {
    this.now = now;
  }

  private context() {
    return { now: this.now, newId: () => `id${this.nextId++}` };
  }

  private definitionOf(processId: string): CompiledDefinition {
    const definition = this.definitions.find((candidate) => candidate.processes.some((process) => process.id === processId));
    if (!definition) throw new Error(`no definition for process ${processId}`);
    return definition;
  }

  /** Starts an instance; returns its id. */
  start(processId: string, variables: Record<string, unknown> = {}, startEventId?: string, parent?: Entry['parent']): string {
    const definition = this.definitionOf(processId);
    const command = { type: 'start' as const, processId, variables, ...(startEventId ? { startEventId } : {}), ...(parent ? { called: true } : {}) };
    const outcome = step(definition, undefined, command, this.context());
    if (isRejection(outcome)) throw new Error(`start rejected: ${outcome.code}`);
    const id = `i${this.nextInstance++}`;
    const entry: Entry = { id, definition, state: outcome.state };
    if (parent) entry.parent = parent;
    this.instances.set(id, entry);
    this.handle(entry, outcome.effects);
    return id;
  }

  /** Sends a command to an instance (through JSON and frozen, like a database round trip). */
  send(instanceId: string, command: Command): Effect[] {
    const entry = this.instances.get(instanceId)!;
    const input = deepFreeze(JSON.parse(JSON.stringify(entry.state)) as InstanceState);
    const outcome = step(entry.definition, input, command, this.context());
    if (isRejection(outcome)) throw new Error(`${command.type} rejected: ${outcome.code} ${outcome.message.en}`);
    entry.state = outcome.state;
    this.handle(entry, outcome.effects);
    return outcome.effects;
  }

  private handle(entry: Entry, effects: Effect[]): void {
    for (const effect of effects) this.log.push({ instanceId: entry.id, effect });
    for (const effect of effects) {
      if (effect.type === 'callActivityStarted') {
        this.start(effect.processId, effect.variables, undefined, { instanceId: entry.id, callId: effect.callId });
      }
      if (effect.type === 'instanceCompleted' && entry.parent) {
        this.send(entry.parent.instanceId, { type: 'completeCallActivity', callId: entry.parent.callId, variables: effect.variables });
      }
      if (effect.type === 'instanceTerminated' && effect.error && entry.parent) {
        const { errorCode, errorMessage, variables } = effect.error;
        this.send(entry.parent.instanceId, { type: 'throwCallActivityError', callId: entry.parent.callId, errorCode, variables, ...(errorMessage ? { errorMessage } : {}) });
      }
    }
  }

  status(instanceId: string): string {
    return this.instances.get(instanceId)!.state.status;
  }

  variables(instanceId: string): Record<string, unknown> {
    const state = this.instances.get(instanceId)!.state;
    return state.variables[state.rootKey] ?? {};
  }

  /** Open jobs of every instance, optionally of one type. */
  jobs(jobType?: string): Array<{ instanceId: string; jobId: string; jobType: string; elementId: string }> {
    return [...this.instances.values()].flatMap((entry) =>
      Object.values(entry.state.jobs)
        .filter((job) => job.state === 'activatable' && (jobType === undefined || job.jobType === jobType))
        .map((job) => ({ instanceId: entry.id, jobId: job.id, jobType: job.jobType, elementId: job.elementId })),
    );
  }

  completeJob(jobType: string, variables: Record<string, unknown> = {}): void {
    const job = this.jobs(jobType)[0];
    if (!job) throw new Error(`no open job of type ${jobType}`);
    this.send(job.instanceId, { type: 'completeJob', jobId: job.jobId, variables });
  }

  tasks(): Array<{ instanceId: string; taskId: string; elementId: string }> {
    return [...this.instances.values()].flatMap((entry) =>
      Object.values(entry.state.tasks).map((task) => ({ instanceId: entry.id, taskId: task.id, elementId: task.elementId })),
    );
  }

  completeTask(elementId: string, variables: Record<string, unknown> = {}): void {
    const task = this.tasks().find((candidate) => candidate.elementId === elementId);
    if (!task) throw new Error(`no open task at ${elementId}`);
    this.send(task.instanceId, { type: 'completeTask', taskId: task.taskId, variables });
  }

  /** Correlates a published message with the first matching open subscription; false when none matches. */
  publish(messageName: string, correlationKey: string, variables: Record<string, unknown> = {}): boolean {
    for (const entry of this.instances.values()) {
      const subscription = Object.values(entry.state.subscriptions).find(
        (candidate) => candidate.messageName === messageName && candidate.correlationKey === correlationKey,
      );
      if (subscription) {
        this.send(entry.id, { type: 'correlateMessage', subscriptionId: subscription.id, variables });
        return true;
      }
    }
    return false;
  }

  /** Moves the clock to `until`, firing every timer due by then in due order. */
  advance(until: string): void {
    for (;;) {
      const due = [...this.instances.values()]
        .flatMap((entry) => Object.values(entry.state.timers).map((timer) => ({ entry, timer })))
        .filter(({ entry, timer }) => entry.state.status === 'active' && timer.dueAt <= until)
        .sort((a, b) => a.timer.dueAt.localeCompare(b.timer.dueAt))[0];
      if (!due) break;
      if (due.timer.dueAt > this.now) this.now = due.timer.dueAt;
      this.send(due.entry.id, { type: 'fireTimer', timerId: due.timer.id });
    }
    if (until > this.now) this.now = until;
  }

  /** Job types in creation order across instances. */
  createdJobTypes(): string[] {
    return this.log.flatMap(({ effect }) => (effect.type === 'jobCreated' ? [effect.jobType] : []));
  }
}
