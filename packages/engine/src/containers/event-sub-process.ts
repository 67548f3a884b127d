/** Event subprocesses: started inside a running scope by a message, timer or error start event. */
import type { ElementBehavior, Execution } from '../behaviors/execution.js';
import type { ElementCompiler } from '../compile/context.js';
import type { CompiledElement } from '../types/definition.js';
import type { ElementInstance, Payload } from '../types/state.js';

/** Compiles a `bpmn:SubProcess` with `triggeredByEvent`; its start event is linked by the compiler. */
export const compileEventSubProcess: ElementCompiler = () => ({ kind: 'eventSubProcess' });

/** An event subprocess instance starts its (already triggered) start event with the trigger's variables. */
export const eventSubProcessBehavior: ElementBehavior = {
  activate(x, instance, element, payload) {
    x.enter(element.startEventId!, instance.key, payload ?? {});
  },
};

/**
 * Starts an event subprocess in a scope. BPMN 2.0 §10.3.5: an interrupting start terminates every other token
 * of the scope and closes the scope's other event subprocess starts; a non-interrupting one runs alongside.
 */
export function triggerEventSubProcess(x: Execution, scope: ElementInstance, start: CompiledElement, payload: Payload): void {
  const eventSubProcessId = start.parentId!;
  if (start.interrupting !== false) {
    x.closeWaits(x.instance(scope.key), 'eventSubProcess');
    x.terminateChildren(scope.key);
    x.draft.patchElement(scope.key, { interruptedBy: eventSubProcessId });
  }
  const entered = x.createInstance(eventSubProcessId, scope.key);
  x.activateLater(entered.key, payload);
}
