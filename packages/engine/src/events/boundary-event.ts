/** Boundary events: timer, message and error, interrupting or not, on activities. */
import type { ElementBehavior, Execution } from '../behaviors/execution.js';
import type { ElementCompiler } from '../compile/context.js';
import { readTrigger, requireCorrelationKey } from '../compile/event-definitions.js';
import type { CompiledElement } from '../types/definition.js';
import type { ElementInstance, Payload } from '../types/state.js';

/** Compiles `bpmn:BoundaryEvent`; the host activity is linked by the compiler. */
export const compileBoundaryEvent: ElementCompiler = (element, cx) => {
  const event = readTrigger(element, cx, ['timer', 'message', 'error'], 'boundary event');
  if (!event || !requireCorrelationKey(event, cx)) return undefined;
  const interrupting = element.cancelActivity !== false;
  if (event.kind === 'error' && !interrupting) {
    cx.report('TB_BPMN_BOUNDARY_INVALID', 'an error boundary event is always interrupting');
    return undefined;
  }
  return { kind: 'boundaryEvent', event, interrupting };
};

/** A boundary event is only ever activated once triggered: it completes at once with the trigger's variables. */
export const boundaryEventBehavior: ElementBehavior = {
  activate(x, instance, _element, payload) {
    x.complete(instance.key, { payload });
  },
};

/**
 * Triggers a boundary event of an active activity instance (or multi-instance body): an interrupting one
 * terminates the activity first; either way the boundary event starts in the activity's scope.
 */
export function triggerBoundary(x: Execution, host: ElementInstance, boundary: CompiledElement, payload: Payload): void {
  const scopeKey = host.parentKey;
  if (scopeKey === null) throw new Error(`invariant: boundary ${boundary.id} on the process instance`);
  const entered = x.createInstance(boundary.id, scopeKey);
  if (boundary.interrupting !== false) x.terminate(host.key);
  x.activateLater(entered.key, payload);
}
