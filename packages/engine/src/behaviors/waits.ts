/**
 * Timers and message subscriptions: evaluated first (so a failure raises one incident and opens nothing), then
 * committed as records and effects owned by an element instance.
 */
import type { EventTrigger, TimerDefinition } from '../types/definition.js';
import type { ElementInstance, IncidentKind, OpenSubscription, OpenTimer, TriggerRole } from '../types/state.js';
import type { Execution } from './execution.js';
import { toJsonValue, toTimerText } from './feel.js';
import { addIsoDuration, formatInstant, parseInstant, parseIsoDuration, resolveTimerValue, type ResolvedTimer } from './time.js';

/** An evaluated value, or why it could not be evaluated. */
export type Prepared<T> = { ok: true; value: T } | { ok: false; kind: IncidentKind; message: string };

/** Evaluates a timer definition in the variables visible from `scopeKey`. */
export function prepareTimer(x: Execution, timer: TimerDefinition, scopeKey: string): Prepared<ResolvedTimer> {
  const outcome = x.evaluateValue(timer.expression, scopeKey);
  if (!outcome.ok) return { ok: false, kind: 'expressionFailed', message: outcome.message };
  const text = toTimerText(outcome.value, x.env.utcOffsetMinutes);
  if (text === null) {
    return {
      ok: false,
      kind: 'invalidValue',
      message: `timer ${timer.kind} '${timer.expression}' evaluated to ${JSON.stringify(toJsonValue(outcome.value))}, not an ISO-8601 ${timer.kind}`,
    };
  }
  const resolved = resolveTimerValue(timer.kind, text, x.env.nowMs, x.env.utcOffsetMinutes);
  if (!resolved.ok) return { ok: false, kind: 'invalidValue', message: `timer ${timer.kind} '${timer.expression}': ${resolved.reason}` };
  return { ok: true, value: resolved.timer };
}

/** Schedules an evaluated timer owned by `owner`. Returns the timer id. */
export function commitTimer(x: Execution, owner: ElementInstance, elementId: string, role: TriggerRole, timer: ResolvedTimer): string {
  const id = x.newId();
  const record: OpenTimer = { id, elementId, ownerKey: owner.key, role, dueAt: formatInstant(timer.dueMs) };
  if (timer.repetitions !== undefined) record.repetitions = timer.repetitions;
  if (timer.interval !== undefined) record.interval = timer.interval;
  x.draft.put('timers', id, record);
  const current = x.instance(owner.key);
  x.draft.patchElement(owner.key, { timerIds: [...(current.timerIds ?? []), id] });
  const effect: { type: 'timerScheduled'; timerId: string; elementId: string; dueAt: string; repetitions?: number | null } = {
    type: 'timerScheduled',
    timerId: id,
    elementId,
    dueAt: record.dueAt,
  };
  if (record.repetitions !== undefined) effect.repetitions = record.repetitions;
  x.emit(effect);
  x.record('timerScheduled', { elementId, elementInstanceId: owner.key, details: { timerId: id, dueAt: record.dueAt } });
  return id;
}

/**
 * The next occurrence of a fired cycle timer, or `undefined` when it was the last one. The next due time counts
 * from the previous due time, so a late firing does not shift the schedule.
 */
export function nextOccurrence(x: Execution, fired: OpenTimer): ResolvedTimer | undefined {
  if (fired.interval === undefined) return undefined;
  if (fired.repetitions !== null && fired.repetitions !== undefined && fired.repetitions <= 1) return undefined;
  const interval = parseIsoDuration(fired.interval);
  const previous = parseInstant(fired.dueAt, 0);
  if (!interval || previous === null) return undefined;
  const next: ResolvedTimer = {
    dueMs: addIsoDuration(previous, interval, x.env.utcOffsetMinutes),
    repetitions: fired.repetitions === null || fired.repetitions === undefined ? null : fired.repetitions - 1,
    interval: fired.interval,
  };
  return next;
}

/** An evaluated message subscription. */
export interface PreparedSubscription {
  messageName: string;
  correlationKey: string;
}

/** Evaluates a message name and correlation key in the variables visible from `scopeKey`. */
export function prepareSubscription(
  x: Execution,
  trigger: Extract<EventTrigger, { kind: 'message' }>,
  scopeKey: string,
): Prepared<PreparedSubscription> {
  const name = x.evaluateValue(trigger.messageName, scopeKey);
  if (!name.ok) return { ok: false, kind: 'expressionFailed', message: name.message };
  if (typeof name.value !== 'string' || name.value === '') {
    return { ok: false, kind: 'invalidValue', message: `message name '${trigger.messageName}' evaluated to ${JSON.stringify(toJsonValue(name.value))}, not a string` };
  }
  if (trigger.correlationKey === undefined) return { ok: true, value: { messageName: name.value, correlationKey: '' } };
  const key = x.evaluateValue(trigger.correlationKey, scopeKey);
  if (!key.ok) return { ok: false, kind: 'expressionFailed', message: key.message };
  if (typeof key.value !== 'string' && typeof key.value !== 'number') {
    return {
      ok: false,
      kind: 'invalidValue',
      message: `correlation key '${trigger.correlationKey}' evaluated to ${JSON.stringify(toJsonValue(key.value))}; it must be a string or a number`,
    };
  }
  return { ok: true, value: { messageName: name.value, correlationKey: String(key.value) } };
}

/** Opens an evaluated subscription owned by `owner`. Returns the subscription id. */
export function commitSubscription(
  x: Execution,
  owner: ElementInstance,
  elementId: string,
  role: TriggerRole,
  prepared: PreparedSubscription,
  repeatable = false,
): string {
  const id = x.newId();
  const record: OpenSubscription = { id, elementId, ownerKey: owner.key, role, ...prepared };
  if (repeatable) record.repeatable = true;
  x.draft.put('subscriptions', id, record);
  const current = x.instance(owner.key);
  x.draft.patchElement(owner.key, { subscriptionIds: [...(current.subscriptionIds ?? []), id] });
  x.emit({ type: 'subscriptionOpened', subscriptionId: id, elementId, ...prepared });
  x.record('subscriptionOpened', { elementId, elementInstanceId: owner.key, details: { subscriptionId: id, ...prepared } });
  return id;
}

/** Forgets a timer that fired (the runtime consumed it; no effect is emitted). */
export function consumeTimer(x: Execution, timer: OpenTimer): void {
  x.draft.remove('timers', timer.id);
  const owner = x.findInstance(timer.ownerKey);
  if (owner?.timerIds) {
    const rest = owner.timerIds.filter((id) => id !== timer.id);
    x.draft.patchElement(owner.key, { timerIds: rest.length > 0 ? rest : undefined });
  }
}

/** Forgets a subscription that was correlated (the runtime consumed it; no effect is emitted). */
export function consumeSubscription(x: Execution, subscription: OpenSubscription): void {
  x.draft.remove('subscriptions', subscription.id);
  const owner = x.findInstance(subscription.ownerKey);
  if (owner?.subscriptionIds) {
    const rest = owner.subscriptionIds.filter((id) => id !== subscription.id);
    x.draft.patchElement(owner.key, { subscriptionIds: rest.length > 0 ? rest : undefined });
  }
}
