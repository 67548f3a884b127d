/**
 * Multi-instance activities (会签): a body that runs the inner activity once per item of a FEEL collection, in
 * parallel or one after another, collects an output per item, and may finish early on a completion condition.
 */
import type { Execution } from '../behaviors/execution.js';
import { toJsonValue, type FeelOutcome } from '../behaviors/feel.js';
import { isVariableName } from '../behaviors/variables.js';
import type { CompiledElement } from '../types/definition.js';
import type { ElementInstance, LoopState, Payload } from '../types/state.js';

/**
 * Activates a body: evaluates `inputCollection` (it must be a list), creates the output collection (one `null`
 * per item) and starts the inner instances — all of them (parallel) or the first (sequential). An empty list
 * completes the body at once.
 */
export function activateBody(x: Execution, body: ElementInstance, element: CompiledElement): void {
  const spec = element.multiInstance!;
  const outcome = x.evaluate(spec.inputCollection, body.key);
  if (!outcome.ok) {
    x.raiseIncident(body, 'expressionFailed', `input collection: ${outcome.message}`, 'activate');
    return;
  }
  const items = toJsonValue(outcome.value);
  if (!Array.isArray(items)) {
    x.raiseIncident(body, 'invalidValue', `input collection '${spec.inputCollection}' evaluated to ${JSON.stringify(items)}, not a list`, 'activate');
    return;
  }
  if (spec.outputCollection) x.setLocals(body.key, { [spec.outputCollection]: items.map(() => null) });
  x.draft.patchElement(body.key, { loop: { items, next: 0, active: 0, completed: 0, terminated: 0 } });
  if (items.length === 0) {
    completeBody(x, body.key, element);
    return;
  }
  const count = spec.sequential ? 1 : items.length;
  for (let index = 0; index < count; index++) spawnInner(x, body.key, element, index);
}

function spawnInner(x: Execution, bodyKey: string, element: CompiledElement, index: number): void {
  const spec = element.multiInstance!;
  const body = x.instance(bodyKey);
  const loop = body.loop!;
  const inner = x.createInstance(element.id, bodyKey, 'inner');
  const locals: Record<string, unknown> = { loopCounter: index + 1 };
  if (spec.inputElement) locals[spec.inputElement] = loop.items[index] ?? null;
  // Zeebe nil-initialises the output element variable on the inner scope, so a job result of that name is
  // captured there instead of propagating to the process.
  if (spec.outputElement && isVariableName(spec.outputElement) && spec.outputElement !== spec.inputElement) {
    locals[spec.outputElement.trim()] = null;
  }
  x.setLocals(inner.key, locals);
  const current = x.instance(bodyKey).loop!;
  x.draft.patchElement(bodyKey, { loop: { ...current, next: index + 1, active: current.active + 1 } });
  x.activateLater(inner.key);
}

function loopVariables(loop: LoopState): Record<string, number> {
  return {
    numberOfInstances: loop.items.length,
    numberOfActiveInstances: loop.active,
    numberOfCompletedInstances: loop.completed,
    numberOfTerminatedInstances: loop.terminated,
  };
}

/**
 * Decides what a body does after an inner instance completed: finish early when the completion condition holds
 * (terminating the inner instances still running), start the next item (sequential), or complete once all are
 * done. A failing completion condition raises an incident on the body.
 */
export function advanceBody(x: Execution, bodyKey: string): void {
  const body = x.instance(bodyKey);
  const element = x.element(body.elementId);
  const spec = element.multiInstance!;
  const loop = body.loop!;
  if (spec.completionCondition && loop.completed > 0) {
    const outcome = x.evaluate(spec.completionCondition, bodyKey, loopVariables(loop));
    if (!outcome.ok) {
      x.raiseIncident(body, 'expressionFailed', `completion condition: ${outcome.message}`, 'complete');
      return;
    }
    if (outcome.value !== true && outcome.value !== false && outcome.value !== null) {
      x.raiseIncident(body, 'invalidValue', `completion condition '${spec.completionCondition}' evaluated to ${JSON.stringify(toJsonValue(outcome.value))}, not a boolean`, 'complete');
      return;
    }
    if (outcome.value === true) {
      const running = x.children(bodyKey);
      for (const inner of running.reverse()) x.terminate(inner.key);
      const after = x.instance(bodyKey).loop!;
      x.draft.patchElement(bodyKey, { loop: { ...after, active: 0, terminated: after.terminated + running.length } });
      completeBody(x, bodyKey, element);
      return;
    }
  }
  if (loop.active === 0 && loop.next >= loop.items.length) {
    completeBody(x, bodyKey, element);
    return;
  }
  if (spec.sequential && loop.active === 0) spawnInner(x, bodyKey, element, loop.next);
}

function completeBody(x: Execution, bodyKey: string, element: CompiledElement): void {
  const spec = element.multiInstance!;
  const body = x.instance(bodyKey);
  if (spec.outputCollection) {
    x.propagate(body.parentKey!, { [spec.outputCollection]: x.draft.local(bodyKey)?.[spec.outputCollection] ?? [] });
  }
  x.complete(bodyKey);
}

/** Evaluates the output element of an inner instance about to complete (`undefined` without output collection). */
export function collectOutput(x: Execution, inner: ElementInstance, element: CompiledElement, payload: Payload | undefined): FeelOutcome | undefined {
  const spec = element.multiInstance;
  if (!spec?.outputCollection || !spec.outputElement) return undefined;
  return x.evaluate(spec.outputElement, inner.key, payload);
}

/** Stores a collected output at the inner instance's position in the body's output collection. */
export function storeOutput(x: Execution, inner: ElementInstance, element: CompiledElement, value: unknown): void {
  const spec = element.multiInstance!;
  const bodyKey = inner.parentKey!;
  const collection = [...((x.draft.local(bodyKey)?.[spec.outputCollection!] as unknown[] | undefined) ?? [])];
  const index = Number(x.draft.local(inner.key)?.loopCounter ?? 1) - 1;
  collection[index] = toJsonValue(value);
  x.setLocals(bodyKey, { [spec.outputCollection!]: collection });
}
