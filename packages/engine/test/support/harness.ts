/**
 * Test harness: compiles models and drives instances through `step` with a fake clock and a counter for ids.
 * Every step runs on a deep-frozen state, so any in-place mutation of the input fails the test.
 */
import { readFileSync } from 'node:fs';
import {
  compileDefinition,
  isRejection,
  step,
  type Command,
  type CompiledDefinition,
  type CompileOptions,
  type Effect,
  type HistoryEvent,
  type InstanceState,
  type StepContext,
  type StepRejection,
} from '../../src/index.js';

const CONFORMANCE_ROOT = new URL('../../../../../shared/conformance/', import.meta.url);
const FIXTURES_ROOT = new URL('../fixtures/', import.meta.url);

/** Reads a file of the shared conformance material (tests only; never from src). */
export function readConformance(path: string): string {
  return readFileSync(new URL(path, CONFORMANCE_ROOT), 'utf8');
}

/** Reads a fixture of this package. */
export function readFixture(path: string): string {
  return readFileSync(new URL(path, FIXTURES_ROOT), 'utf8');
}

/** Compiles a model and fails with the report when it is refused. */
export async function compileOk(xml: string, options?: CompileOptions): Promise<CompiledDefinition> {
  const result = await compileDefinition(xml, options);
  if (!result.ok) throw new Error(`model refused:\n${JSON.stringify(result.report.problems, null, 2)}`);
  return result.definition;
}

/** Recursively freezes a value. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const entry of Object.values(value as Record<string, unknown>)) deepFreeze(entry);
  }
  return value;
}

/** Wraps a minimal process body in BPMN definitions with the Zeebe namespace. */
export function bpmn(body: string, processId = 'p', extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="http://tongban.example/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
${body}
  </bpmn:process>
${extra}
</bpmn:definitions>`;
}

export interface RunOptions {
  now?: string;
  functions?: StepContext['functions'];
  utcOffsetMinutes?: number;
  /** JSON round-trip the state between steps (default true). */
  roundTrip?: boolean;
}

/** One instance driven through `step`, keeping every effect. */
export class Run {
  state: InstanceState | undefined;
  readonly effects: Effect[] = [];
  lastEffects: Effect[] = [];
  now: string;
  private nextId = 1;

  constructor(
    readonly definition: CompiledDefinition,
    private readonly options: RunOptions = {},
  ) {
    this.now = options.now ?? '2025-01-15T02:00:00.000Z';
  }

  context(): StepContext {
    const context: StepContext = { now: this.now, newId: () => `id${this.nextId++}` };
    if (this.options.functions) context.functions = this.options.functions;
    if (this.options.utcOffsetMinutes !== undefined) context.utcOffsetMinutes = this.options.utcOffsetMinutes;
    return context;
  }

  /** Runs a command; throws on rejection. */
  send(command: Command): Effect[] {
    const outcome = this.trySend(command);
    if (!Array.isArray(outcome)) throw new Error(`rejected: ${outcome.code} ${outcome.message.en}`);
    return outcome;
  }

  /** Runs a command; returns the rejection instead of throwing. */
  trySend(command: Command): Effect[] | StepRejection {
    const input =
      this.state === undefined
        ? undefined
        : deepFreeze(this.options.roundTrip === false ? this.state : (JSON.parse(JSON.stringify(this.state)) as InstanceState));
    const outcome = step(this.definition, input, command, this.context());
    if (isRejection(outcome)) return outcome;
    this.state = outcome.state;
    this.effects.push(...outcome.effects);
    this.lastEffects = outcome.effects;
    return outcome.effects;
  }

  start(variables?: Record<string, unknown>, extra: Partial<Extract<Command, { type: 'start' }>> = {}): Effect[] {
    return this.send({ type: 'start', ...(variables ? { variables } : {}), ...extra });
  }

  get history(): HistoryEvent[] {
    return this.effects.flatMap((effect) => (effect.type === 'history' ? [effect.event] : []));
  }

  /** Effects other than history, optionally only the last step's. */
  actions(last = false): Effect[] {
    return (last ? this.lastEffects : this.effects).filter((effect) => effect.type !== 'history');
  }

  get status(): string | undefined {
    return this.state?.status;
  }

  get variables(): Record<string, unknown> {
    return this.state ? (this.state.variables[this.state.rootKey] ?? {}) : {};
  }

  /** The open task of an element (exactly one expected). */
  taskOf(elementId: string): string {
    const tasks = Object.values(this.state!.tasks).filter((task) => task.elementId === elementId);
    if (tasks.length !== 1) throw new Error(`expected one open task at ${elementId}, found ${tasks.length}`);
    return tasks[0]!.id;
  }

  /** The open jobs of an element or job type. */
  jobsOf(elementIdOrType: string): string[] {
    return Object.values(this.state!.jobs)
      .filter((job) => job.elementId === elementIdOrType || job.jobType === elementIdOrType)
      .map((job) => job.id);
  }

  jobOf(elementIdOrType: string): string {
    const jobs = this.jobsOf(elementIdOrType);
    if (jobs.length !== 1) throw new Error(`expected one open job for ${elementIdOrType}, found ${jobs.length}`);
    return jobs[0]!;
  }

  timerOf(elementId: string): string {
    const timers = Object.values(this.state!.timers).filter((timer) => timer.elementId === elementId);
    if (timers.length !== 1) throw new Error(`expected one timer at ${elementId}, found ${timers.length}`);
    return timers[0]!.id;
  }

  subscriptionOf(elementId: string): string {
    const subscriptions = Object.values(this.state!.subscriptions).filter((subscription) => subscription.elementId === elementId);
    if (subscriptions.length !== 1) throw new Error(`expected one subscription at ${elementId}, found ${subscriptions.length}`);
    return subscriptions[0]!.id;
  }

  completeTask(elementId: string, variables?: Record<string, unknown>, actor?: string): Effect[] {
    return this.send({ type: 'completeTask', taskId: this.taskOf(elementId), ...(variables ? { variables } : {}), ...(actor ? { actor } : {}) });
  }

  completeJob(elementIdOrType: string, variables?: Record<string, unknown>): Effect[] {
    return this.send({ type: 'completeJob', jobId: this.jobOf(elementIdOrType), ...(variables ? { variables } : {}) });
  }

  fireTimer(elementId: string): Effect[] {
    const timer = this.state!.timers[this.timerOf(elementId)]!;
    if (timer.dueAt > this.now) this.now = timer.dueAt;
    return this.send({ type: 'fireTimer', timerId: timer.id });
  }

  correlate(elementId: string, variables?: Record<string, unknown>): Effect[] {
    return this.send({ type: 'correlateMessage', subscriptionId: this.subscriptionOf(elementId), ...(variables ? { variables } : {}) });
  }

  /** Element ids of the live tokens (not scopes), sorted. */
  activeElements(): string[] {
    return Object.values(this.state?.elements ?? {})
      .filter((instance) => instance.role !== 'process')
      .map((instance) => instance.elementId)
      .sort();
  }

  /** The trail from the last occurrence of `marker` (a `kind:elementId` entry) on. */
  trailFrom(marker: string, kinds?: readonly string[]): string[] {
    const trail = this.trail(kinds);
    const index = trail.lastIndexOf(marker);
    if (index < 0) throw new Error(`${marker} is not in the history`);
    return trail.slice(index);
  }

  /** The `kind:elementId` of each history event, for ordered assertions. */
  trail(kinds?: readonly string[]): string[] {
    return this.history.filter((event) => !kinds || kinds.includes(event.kind)).map((event) => `${event.kind}:${event.elementId ?? ''}`);
  }
}

/**
 * Runs the same script twice — once passing states along as they are, once through JSON between every step —
 * and returns both runs; tests expect them to agree (the wait-state round-trip check).
 */
export function runBothWays(definition: CompiledDefinition, script: (run: Run) => void, options: RunOptions = {}): { direct: Run; revived: Run } {
  const direct = new Run(definition, { ...options, roundTrip: false });
  script(direct);
  const revived = new Run(definition, { ...options, roundTrip: true });
  script(revived);
  return { direct, revived };
}
