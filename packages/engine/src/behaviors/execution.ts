/**
 * Token movement: the element instance lifecycle (activate → wait → complete → leave, or terminate), sequence
 * flows and joins, scope completion, variables and incidents. Element kinds plug their own activation in through
 * an {@link ElementBehavior}; everything they share lives here.
 */
import type { CompiledElement, CompiledProcess, ElementKind } from '../types/definition.js';
import type { Effect, HistoryEvent, HistoryEventKind } from '../types/effect.js';
import type { StepContext } from '../types/command.js';
import type { ElementInstance, IncidentKind, IncidentRetry, OpenIncident, Payload, TriggerRole } from '../types/state.js';
import type { Draft } from './draft.js';
import { evaluateFeel, evaluateValue, toJsonValue, type FeelEnvironment, type FeelOutcome } from './feel.js';
import { assignTarget } from './variables.js';

/** How one element kind behaves once its instance is active (inputs applied, boundary events open). */
export interface ElementBehavior {
  /**
   * Starts the element's work. `payload` is set when the element was triggered from outside before it was
   * activated (a boundary event, an event gateway target, an event subprocess start): such elements complete at
   * once with it.
   */
  activate(x: Execution, instance: ElementInstance, element: CompiledElement, payload: Payload | undefined): void;
}

/** Hooks the execution needs from containers, injected to keep the module graph acyclic. */
export interface ExecutionHooks {
  behavior(kind: ElementKind): ElementBehavior | undefined;
  /** Activates a multi-instance body. */
  activateBody(x: Execution, body: ElementInstance, element: CompiledElement): void;
  /** Re-evaluates a multi-instance body after an inner instance ended (or on incident retry). */
  advanceBody(x: Execution, bodyKey: string): void;
  /**
   * Opens what an activated instance listens to — the boundary events of an activity, the event subprocess
   * starts of a scope — all or nothing; false when an incident was raised instead.
   */
  listen(x: Execution, instance: ElementInstance, boundaryIds: readonly string[], eventSubProcessIds: readonly string[]): boolean;
  /** Evaluates a multi-instance output element for an inner instance about to complete. */
  collectOutput(x: Execution, inner: ElementInstance, element: CompiledElement, payload: Payload | undefined): FeelOutcome | undefined;
  /** Records a collected output element on the body. */
  storeOutput(x: Execution, inner: ElementInstance, element: CompiledElement, value: unknown): void;
}

type Action =
  | { type: 'activate'; key: string; payload?: Payload | undefined; retry?: boolean }
  | { type: 'complete'; key: string; options: CompleteOptions }
  | { type: 'completeScope'; key: string }
  | { type: 'advanceBody'; key: string };

/** How an element completes. */
export interface CompleteOptions {
  /** Variables produced by the element (job result, message payload, form data…). */
  payload?: Payload | undefined;
  /** Whether the payload is merged into the process when the element has no output mappings (default true). */
  propagatePayload?: boolean;
  /** Outgoing flows to take instead of all of them (gateways). */
  flows?: string[];
  /** Payload handed to the activated targets (event gateway → triggered catch event). */
  targetPayload?: Payload | undefined;
}

/** A single step activates at most this many elements; more means a loop without a wait state. */
export const MAX_ACTIVATIONS_PER_STEP = 10_000;

const SCOPE_KINDS: ReadonlySet<ElementKind> = new Set(['subProcess', 'eventSubProcess']);

/** One step's worth of work on a draft state. */
export class Execution {
  readonly effects: Effect[] = [];
  private readonly queue: Action[] = [];
  private readonly inclusiveScopes = new Set<string>();
  private readonly visibleCache = new Map<string, Record<string, unknown>>();
  private activations = 0;

  constructor(
    readonly process: CompiledProcess,
    readonly draft: Draft,
    readonly context: StepContext,
    readonly env: FeelEnvironment,
    readonly hooks: ExecutionHooks,
    readonly actor: string | undefined,
  ) {}

  get now(): string {
    return this.context.now;
  }

  // ---------------------------------------------------------------- lookups

  element(id: string): CompiledElement {
    const element = this.process.elements[id];
    if (!element) throw new Error(`invariant: element ${id} is not in process ${this.process.id}`);
    return element;
  }

  instance(key: string): ElementInstance {
    const instance = this.draft.get('elements', key);
    if (!instance) throw new Error(`invariant: element instance ${key} does not exist`);
    return instance;
  }

  findInstance(key: string): ElementInstance | undefined {
    return this.draft.get('elements', key);
  }

  /** Live child element instances of a scope, in creation order. */
  children(scopeKey: string): ElementInstance[] {
    return Object.values(this.draft.state.elements)
      .filter((instance) => instance.parentKey === scopeKey)
      .sort((a, b) => Number(a.key) - Number(b.key));
  }

  newId(): string {
    return this.context.newId();
  }

  /** Whether an element instance is a scope that completes when its last token is gone. */
  isScope(instance: ElementInstance): boolean {
    if (instance.role === 'process') return true;
    if (instance.role === 'body') return false;
    return SCOPE_KINDS.has(this.element(instance.elementId).kind);
  }

  // ---------------------------------------------------------------- effects and history

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  record(kind: HistoryEventKind, fields: Omit<HistoryEvent, 'kind' | 'at'> = {}): void {
    const event: HistoryEvent = { kind, at: this.now, ...fields };
    if (this.actor !== undefined && event.actor === undefined && ACTOR_KINDS.has(kind)) event.actor = this.actor;
    this.effects.push({ type: 'history', event });
  }

  /** Records a history event about an element instance. */
  recordElement(kind: HistoryEventKind, instance: ElementInstance, extra: Omit<HistoryEvent, 'kind' | 'at'> = {}): void {
    const element = instance.role === 'process' ? undefined : this.process.elements[instance.elementId];
    const fields: Omit<HistoryEvent, 'kind' | 'at'> = {
      elementId: instance.elementId,
      elementType: element ? element.type : 'bpmn:Process',
      elementInstanceId: instance.key,
    };
    if (instance.parentKey !== null) fields.scopeId = instance.parentKey;
    if (instance.role === 'body') fields.details = { multiInstanceBody: true };
    this.record(kind, { ...fields, ...extra });
  }

  // ---------------------------------------------------------------- variables

  /** Every variable visible from an element instance: its own, then its scopes' up to the process. */
  visible(key: string): Record<string, unknown> {
    const cached = this.visibleCache.get(key);
    if (cached) return cached;
    const chain: string[] = [];
    for (let current: string | null = key; current !== null; ) {
      chain.push(current);
      current = this.draft.get('elements', current)?.parentKey ?? null;
    }
    const merged: Record<string, unknown> = {};
    for (let i = chain.length - 1; i >= 0; i--) Object.assign(merged, this.draft.local(chain[i]!));
    this.visibleCache.set(key, merged);
    return merged;
  }

  /** Sets variables on one scope and records one `variablesChanged` event. */
  setLocals(scopeKey: string, variables: Record<string, unknown>): void {
    const names = Object.keys(variables);
    if (names.length === 0) return;
    for (const name of names) this.draft.setLocal(scopeKey, name, variables[name]);
    this.visibleCache.clear();
    const instance = this.findInstance(scopeKey);
    const fields: Omit<HistoryEvent, 'kind' | 'at'> = { scopeId: scopeKey, variables };
    if (instance) fields.elementId = instance.elementId;
    this.record('variablesChanged', fields);
  }

  /**
   * Merges variables into the process the Zeebe way: each one updates the nearest scope, starting at `fromKey`,
   * that already holds a variable of that name, else it is created on the process.
   */
  propagate(fromKey: string, variables: Record<string, unknown>): void {
    const byScope = new Map<string, Record<string, unknown>>();
    const rootKey = this.draft.state.rootKey;
    for (const [name, value] of Object.entries(variables)) {
      let target = rootKey;
      for (let current: string | null = fromKey; current !== null; ) {
        const local = this.draft.local(current);
        if (local && Object.prototype.hasOwnProperty.call(local, name)) {
          target = current;
          break;
        }
        current = this.draft.get('elements', current)?.parentKey ?? null;
      }
      const bucket = byScope.get(target) ?? {};
      bucket[name] = value;
      byScope.set(target, bucket);
    }
    for (const [scopeKey, bucket] of byScope) this.setLocals(scopeKey, bucket);
  }

  /** Evaluates FEEL (without `=`) in the variables visible from an element instance, plus `extra`. */
  evaluate(expression: string, key: string, extra?: Record<string, unknown>): FeelOutcome {
    const variables = extra ? { ...this.visible(key), ...extra } : this.visible(key);
    return evaluateFeel(expression, variables, this.env);
  }

  /** Evaluates a model value by the Zeebe convention (`=…` FEEL, else static). */
  evaluateValue(value: string, key: string, extra?: Record<string, unknown>): FeelOutcome {
    const variables = extra ? { ...this.visible(key), ...extra } : this.visible(key);
    return evaluateValue(value, variables, this.env);
  }

  // ---------------------------------------------------------------- instances

  /** Creates an element instance under a scope; the caller queues its activation. */
  createInstance(elementId: string, parentKey: string | null, role?: ElementInstance['role']): ElementInstance {
    const key = String(this.draft.state.nextKey);
    this.draft.set('nextKey', this.draft.state.nextKey + 1);
    const element = this.process.elements[elementId];
    const instance: ElementInstance = {
      key,
      elementId,
      parentKey,
      role: role ?? (element?.multiInstance ? 'body' : 'element'),
      phase: 'activating',
      children: 0,
    };
    this.draft.put('elements', key, instance);
    if (parentKey !== null) {
      const parent = this.instance(parentKey);
      this.draft.patchElement(parentKey, { children: parent.children + 1 });
    }
    return instance;
  }

  /** Removes an element instance and its variables; the caller decides whether the scope may complete. */
  private removeInstance(key: string): void {
    const instance = this.instance(key);
    this.draft.remove('elements', key);
    this.draft.dropScope(key);
    this.visibleCache.clear();
    if (instance.parentKey !== null) {
      const parent = this.findInstance(instance.parentKey);
      if (parent) {
        this.draft.patchElement(parent.key, { children: parent.children - 1 });
        if (parent.joins) this.inclusiveScopes.add(parent.key);
      }
    }
  }

  // ---------------------------------------------------------------- queue

  /** Queues the activation of an element instance created with {@link createInstance}. */
  activateLater(key: string, payload?: Payload, retry = false): void {
    this.queue.push({ type: 'activate', key, payload, retry });
  }

  /** Queues the completion of an element instance. */
  completeLater(key: string, options: CompleteOptions = {}): void {
    this.queue.push({ type: 'complete', key, options });
  }

  /** Queues a multi-instance body re-evaluation. */
  advanceBodyLater(key: string): void {
    this.queue.push({ type: 'advanceBody', key });
  }

  /** Runs queued work until every token waits or the instance ended. */
  run(): void {
    for (;;) {
      const action = this.queue.shift();
      if (action) {
        this.perform(action);
        continue;
      }
      if (!this.fireInclusiveJoins()) return;
    }
  }

  private perform(action: Action): void {
    const instance = this.findInstance(action.key);
    if (!instance) return;
    switch (action.type) {
      case 'activate':
        if (instance.phase === 'activating') this.activate(instance, action.payload, action.retry === true);
        return;
      case 'complete':
        this.complete(instance.key, action.options);
        return;
      case 'completeScope':
        if (instance.children === 0 && !instance.joins && instance.phase === 'active') this.complete(instance.key);
        return;
      case 'advanceBody':
        this.hooks.advanceBody(this, instance.key);
        return;
    }
  }

  // ---------------------------------------------------------------- lifecycle

  private activate(instance: ElementInstance, payload: Payload | undefined, retry: boolean): void {
    const element = instance.role === 'process' ? undefined : this.element(instance.elementId);
    let current = this.draft.patchElement(instance.key, { phase: 'active', incidentId: undefined });
    if (!retry) {
      this.draft.state.counters.activations += 1;
      this.recordElement('elementActivated', current);
    }
    this.activations += 1;
    if (this.activations > MAX_ACTIVATIONS_PER_STEP) {
      const message = `more than ${MAX_ACTIVATIONS_PER_STEP} activations in one step; the model loops without a wait state`;
      this.raiseIncident(current, 'loopLimit', message, 'activate', { payload });
      return;
    }
    if (!element) return;
    if ((current.role === 'element' || current.role === 'inner') && element.inputs?.length) {
      if (!this.applyInputs(current, element)) {
        this.raiseIncident(current, 'expressionFailed', this.lastFailure, 'activate', { payload });
        return;
      }
    }
    const boundaryIds = current.role === 'element' || current.role === 'body' ? (element.boundaryIds ?? []) : [];
    const eventSubProcessIds = current.role === 'body' ? [] : (element.eventSubProcessIds ?? []);
    if (!current.listening && (boundaryIds.length > 0 || eventSubProcessIds.length > 0)) {
      if (!this.hooks.listen(this, current, boundaryIds, eventSubProcessIds)) return;
      current = this.instance(current.key);
    }
    if (current.role === 'body') {
      this.hooks.activateBody(this, current, element);
      return;
    }
    const behavior = this.hooks.behavior(element.kind);
    if (!behavior) throw new Error(`invariant: no behaviour for ${element.kind} (${element.id}) in an executable process`);
    behavior.activate(this, current, element, payload);
  }

  /** The reason of the last failed mapping, for the incident message. */
  private lastFailure = '';

  private applyInputs(instance: ElementInstance, element: CompiledElement): boolean {
    const result: Record<string, unknown> = {};
    for (const mapping of element.inputs ?? []) {
      const outcome = this.evaluateValue(mapping.source, instance.key, result);
      if (!outcome.ok) {
        this.lastFailure = `input mapping '${mapping.target}': ${outcome.message}`;
        return false;
      }
      assignTarget(result, mapping.target, toJsonValue(outcome.value), (name) => this.visible(instance.key)[name] ?? null);
    }
    this.setLocals(instance.key, result);
    return true;
  }

  /** Evaluates output mappings; `undefined` when one failed (see {@link lastFailure}). */
  private evaluateOutputs(instance: ElementInstance, element: CompiledElement, payload: Payload | undefined): Record<string, unknown> | undefined {
    const result: Record<string, unknown> = {};
    const parentKey = instance.parentKey ?? instance.key;
    for (const mapping of element.outputs ?? []) {
      const outcome = this.evaluateValue(mapping.source, instance.key, payload);
      if (!outcome.ok) {
        this.lastFailure = `output mapping '${mapping.target}': ${outcome.message}`;
        return undefined;
      }
      assignTarget(result, mapping.target, toJsonValue(outcome.value), (name) => this.visible(parentKey)[name] ?? null);
    }
    return result;
  }

  /**
   * Completes an element instance: applies output mappings (or merges the payload), closes what it listened
   * to, records the completion and leaves through its outgoing flows (or hands over to its multi-instance body).
   */
  complete(key: string, options: CompleteOptions = {}): void {
    const instance = this.instance(key);
    if (instance.role === 'process') {
      this.finishProcess(instance);
      return;
    }
    const element = this.element(instance.elementId);
    const { payload } = options;
    const propagatePayload = options.propagatePayload ?? true;
    if (instance.role !== 'body') {
      const outputs = element.outputs?.length ? this.evaluateOutputs(instance, element, payload) : undefined;
      if (element.outputs?.length && !outputs) {
        this.raiseIncident(instance, 'expressionFailed', this.lastFailure, 'complete', { payload, propagatePayload });
        return;
      }
      let collected: FeelOutcome | undefined;
      if (instance.role === 'inner') {
        collected = this.hooks.collectOutput(this, instance, element, payload);
        if (collected && !collected.ok) {
          this.raiseIncident(instance, 'expressionFailed', collected.message, 'complete', { payload, propagatePayload });
          return;
        }
      }
      if (outputs) this.propagate(instance.parentKey!, outputs);
      else if (payload && propagatePayload && Object.keys(payload).length > 0) this.propagate(instance.key, payload);
      if (collected?.ok) this.hooks.storeOutput(this, instance, element, collected.value);
    }
    const current = this.instance(key);
    this.closeWaits(current);
    this.recordElement('elementCompleted', current);
    if (current.role === 'inner') {
      const bodyKey = current.parentKey!;
      const body = this.instance(bodyKey);
      const loop = body.loop!;
      this.removeInstance(current.key);
      this.draft.patchElement(bodyKey, { loop: { ...loop, active: loop.active - 1, completed: loop.completed + 1 } });
      this.hooks.advanceBody(this, bodyKey);
      return;
    }
    this.leave(current, options.flows ?? element.outgoing, options.targetPayload);
  }

  private leave(instance: ElementInstance, flows: readonly string[], targetPayload: Payload | undefined): void {
    const scopeKey = instance.parentKey!;
    for (const flowId of flows) this.takeFlow(flowId, scopeKey, targetPayload);
    this.removeInstance(instance.key);
    this.checkScope(scopeKey);
  }

  /** Moves a token along a sequence flow inside a scope. */
  takeFlow(flowId: string, scopeKey: string, payload?: Payload): void {
    const flow = this.process.flows[flowId];
    if (!flow) throw new Error(`invariant: flow ${flowId} is not in process ${this.process.id}`);
    this.record('flowTaken', {
      elementId: flow.id,
      elementType: 'bpmn:SequenceFlow',
      scopeId: scopeKey,
      details: { sourceId: flow.sourceId, targetId: flow.targetId },
    });
    const target = this.element(flow.targetId);
    if (target.join) {
      this.arrive(scopeKey, target, flow.id);
      return;
    }
    const next = this.createInstance(target.id, scopeKey);
    this.activateLater(next.key, payload);
  }

  /** Starts an element in a scope directly (start events, link catch events, boundary and event subprocesses). */
  enter(elementId: string, scopeKey: string, payload?: Payload): ElementInstance {
    const next = this.createInstance(elementId, scopeKey);
    this.activateLater(next.key, payload);
    return next;
  }

  private arrive(scopeKey: string, gateway: CompiledElement, flowId: string): void {
    const scope = this.instance(scopeKey);
    const joins = { ...scope.joins };
    const arrivals = { ...joins[gateway.id] };
    arrivals[flowId] = (arrivals[flowId] ?? 0) + 1;
    joins[gateway.id] = arrivals;
    this.draft.patchElement(scopeKey, { joins });
    if (gateway.join === 'parallel') {
      // BPMN 2.0 §13.4.2: a parallel join fires once a token waits on every incoming flow.
      if (gateway.incoming.every((incoming) => (arrivals[incoming] ?? 0) > 0)) this.fireJoin(scopeKey, gateway, gateway.incoming);
    } else {
      this.inclusiveScopes.add(scopeKey);
    }
  }

  private fireJoin(scopeKey: string, gateway: CompiledElement, consumed: readonly string[]): void {
    const scope = this.instance(scopeKey);
    const joins = { ...scope.joins };
    const arrivals = { ...joins[gateway.id] };
    for (const flowId of consumed) {
      const left = (arrivals[flowId] ?? 0) - 1;
      if (left > 0) arrivals[flowId] = left;
      else delete arrivals[flowId];
    }
    if (Object.keys(arrivals).length > 0) joins[gateway.id] = arrivals;
    else delete joins[gateway.id];
    this.draft.patchElement(scopeKey, { joins: Object.keys(joins).length > 0 ? joins : undefined });
    const joined = this.createInstance(gateway.id, scopeKey);
    this.activateLater(joined.key, undefined);
  }

  /**
   * BPMN 2.0 §13.4.3: an inclusive join fires when no token in its scope can still reach one of its incoming
   * flows that has no token yet — so it waits for exactly the branches that were activated.
   */
  private fireInclusiveJoins(): boolean {
    let fired = false;
    const scopes = [...this.inclusiveScopes];
    this.inclusiveScopes.clear();
    for (const scopeKey of scopes) {
      const scope = this.findInstance(scopeKey);
      if (!scope?.joins) continue;
      const live = this.children(scopeKey);
      for (const [gatewayId, arrivals] of Object.entries(scope.joins)) {
        const gateway = this.element(gatewayId);
        if (gateway.join !== 'inclusive') continue;
        const upstream = new Set(gateway.upstream ?? []);
        const blocked =
          live.some((token) => upstream.has(token.elementId)) ||
          Object.keys(this.instance(scopeKey).joins ?? {}).some((other) => other !== gatewayId && upstream.has(other));
        if (blocked) continue;
        this.fireJoin(scopeKey, gateway, Object.keys(arrivals));
        fired = true;
      }
    }
    return fired || this.queue.length > 0;
  }

  /** Queues the completion of a scope whose last token is gone. */
  checkScope(scopeKey: string): void {
    const scope = this.findInstance(scopeKey);
    if (!scope || !this.isScope(scope)) return;
    if (scope.children === 0 && !scope.joins && scope.phase === 'active') this.queue.push({ type: 'completeScope', key: scopeKey });
  }

  private finishProcess(root: ElementInstance): void {
    this.closeWaits(root);
    this.recordElement('elementCompleted', root);
    const variables = { ...this.draft.local(root.key) };
    this.draft.remove('elements', root.key);
    this.draft.set('endedAt', this.now);
    if (root.terminatedBy !== undefined) {
      this.draft.set('status', 'terminated');
      this.emit({ type: 'instanceTerminated', status: 'terminated', reason: 'terminateEndEvent', elementId: root.terminatedBy });
      this.record('instanceTerminated', {
        elementId: root.elementId,
        elementType: 'bpmn:Process',
        details: { reason: 'terminateEndEvent', terminateEndEventId: root.terminatedBy },
      });
      return;
    }
    this.draft.set('status', 'completed');
    this.emit({ type: 'instanceCompleted', variables });
    this.record('instanceCompleted', { elementId: root.elementId, elementType: 'bpmn:Process', variables });
  }

  // ---------------------------------------------------------------- termination

  /**
   * Terminates an element instance and everything under it: cancels its task, job, call, timers and
   * subscriptions, resolves its incident, and removes it without completing its scope.
   */
  terminate(key: string): void {
    const instance = this.findInstance(key);
    if (!instance) return;
    for (const child of this.children(key).reverse()) this.terminate(child.key);
    const current = this.instance(key);
    this.cancelWork(current);
    this.closeWaits(current);
    if (current.incidentId) this.resolveIncidentRecord(current.incidentId);
    if (current.joins) this.draft.patchElement(key, { joins: undefined });
    this.recordElement('elementTerminated', this.instance(key));
    if (current.role === 'process') {
      this.draft.remove('elements', key);
      return;
    }
    this.removeInstance(key);
  }

  /** Terminates every token of a scope (a terminate end event, or an interrupting event subprocess). */
  terminateChildren(scopeKey: string, except?: string): void {
    for (const child of this.children(scopeKey).reverse()) {
      if (child.key !== except) this.terminate(child.key);
    }
    const scope = this.instance(scopeKey);
    if (scope.joins) this.draft.patchElement(scopeKey, { joins: undefined });
  }

  private cancelWork(instance: ElementInstance): void {
    if (instance.taskId) {
      this.draft.remove('tasks', instance.taskId);
      this.emit({ type: 'taskCancelled', taskId: instance.taskId, elementId: instance.elementId });
      this.record('taskCancelled', { elementId: instance.elementId, elementInstanceId: instance.key, details: { taskId: instance.taskId } });
    }
    if (instance.jobId) {
      this.draft.remove('jobs', instance.jobId);
      this.emit({ type: 'jobCancelled', jobId: instance.jobId });
      this.record('jobCancelled', { elementId: instance.elementId, elementInstanceId: instance.key, details: { jobId: instance.jobId } });
    }
    if (instance.callId) {
      this.draft.remove('calls', instance.callId);
      this.emit({ type: 'callActivityCancelled', callId: instance.callId });
      this.record('callActivityCancelled', { elementId: instance.elementId, elementInstanceId: instance.key, details: { callId: instance.callId } });
    }
  }

  /**
   * Cancels the timers and closes the subscriptions an instance owns — all of them, or only those of one role
   * (an interrupting event subprocess closes the other event subprocess starts but not the boundary events).
   */
  closeWaits(instance: ElementInstance, onlyRole?: TriggerRole): void {
    const keptTimers: string[] = [];
    const keptSubscriptions: string[] = [];
    for (const timerId of instance.timerIds ?? []) {
      const timer = this.draft.get('timers', timerId);
      if (!timer) continue;
      if (onlyRole !== undefined && timer.role !== onlyRole) {
        keptTimers.push(timerId);
        continue;
      }
      this.draft.remove('timers', timerId);
      this.emit({ type: 'timerCancelled', timerId });
      this.record('timerCancelled', { elementId: timer.elementId, elementInstanceId: instance.key, details: { timerId } });
    }
    for (const subscriptionId of instance.subscriptionIds ?? []) {
      const subscription = this.draft.get('subscriptions', subscriptionId);
      if (!subscription) continue;
      if (onlyRole !== undefined && subscription.role !== onlyRole) {
        keptSubscriptions.push(subscriptionId);
        continue;
      }
      this.draft.remove('subscriptions', subscriptionId);
      this.emit({ type: 'subscriptionClosed', subscriptionId });
      this.record('subscriptionClosed', {
        elementId: subscription.elementId,
        elementInstanceId: instance.key,
        details: { subscriptionId, messageName: subscription.messageName },
      });
    }
    if (!instance.timerIds && !instance.subscriptionIds) return;
    this.draft.patchElement(instance.key, {
      timerIds: keptTimers.length > 0 ? keptTimers : undefined,
      subscriptionIds: keptSubscriptions.length > 0 ? keptSubscriptions : undefined,
    });
  }

  // ---------------------------------------------------------------- incidents

  /** Raises an incident on an element instance; the token stays until the incident is resolved. */
  raiseIncident(
    instance: ElementInstance,
    kind: IncidentKind,
    message: string,
    retry: IncidentRetry,
    extra: { jobId?: string; payload?: Payload | undefined; propagatePayload?: boolean } = {},
  ): void {
    const id = this.newId();
    const incident: OpenIncident = {
      id,
      elementId: instance.elementId,
      elementKey: instance.key,
      kind,
      message,
      retry,
      createdAt: this.now,
    };
    if (extra.jobId !== undefined) incident.jobId = extra.jobId;
    if (extra.payload !== undefined) incident.payload = extra.payload;
    if (extra.propagatePayload === false) incident.propagatePayload = false;
    this.draft.put('incidents', id, incident);
    this.draft.patchElement(instance.key, { phase: 'incident', incidentId: id });
    this.draft.state.counters.incidentsRaised += 1;
    const effect: Effect = { type: 'incidentRaised', incidentId: id, elementId: instance.elementId, kind, message };
    if (extra.jobId !== undefined) effect.jobId = extra.jobId;
    this.emit(effect);
    this.record('incidentRaised', {
      elementId: instance.elementId,
      elementInstanceId: instance.key,
      details: { incidentId: id, kind, message, ...(extra.jobId !== undefined ? { jobId: extra.jobId } : {}) },
    });
  }

  /** Removes an incident record and reports it resolved. */
  resolveIncidentRecord(incidentId: string): void {
    const incident = this.draft.get('incidents', incidentId);
    if (!incident) return;
    this.draft.remove('incidents', incidentId);
    this.emit({ type: 'incidentResolved', incidentId });
    this.record('incidentResolved', { elementId: incident.elementId, elementInstanceId: incident.elementKey, details: { incidentId } });
  }
}

/** History kinds that carry the actor of the command. */
const ACTOR_KINDS: ReadonlySet<HistoryEventKind> = new Set([
  'instanceStarted',
  'taskCompleted',
  'variablesChanged',
  'instanceCancelled',
]);
