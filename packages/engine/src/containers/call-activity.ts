/** Call activities: start another process as a child instance and wait for it. */
import type { ElementBehavior } from '../behaviors/execution.js';
import { toJsonValue } from '../behaviors/feel.js';
import type { ElementCompiler } from '../compile/context.js';
import { readCalledElement } from '../compile/moddle.js';

/** Compiles `bpmn:CallActivity` (`zeebe:calledElement`). */
export const compileCallActivity: ElementCompiler = (element, cx) => {
  const called = readCalledElement(element);
  if (called.processId === undefined) {
    cx.report('TB_BPMN_MISSING_CALLED_ELEMENT');
    return undefined;
  }
  return {
    kind: 'callActivity',
    call: {
      processId: called.processId,
      propagateAllChildVariables: called.propagateAllChildVariables,
      propagateAllParentVariables: called.propagateAllParentVariables,
    },
  };
};

/**
 * Asks the runtime to start the called process (`callActivityStarted`) with every visible variable (or only the
 * input mappings when `propagateAllParentVariables` is false), then waits for `completeCallActivity`.
 */
export const callActivityBehavior: ElementBehavior = {
  activate(x, instance, element) {
    const call = element.call!;
    const processId = x.evaluateValue(call.processId, instance.key);
    if (!processId.ok) {
      x.raiseIncident(instance, 'expressionFailed', `called process: ${processId.message}`, 'activate');
      return;
    }
    if (typeof processId.value !== 'string' || processId.value === '') {
      x.raiseIncident(instance, 'invalidValue', `called process '${call.processId}' evaluated to ${JSON.stringify(toJsonValue(processId.value))}`, 'activate');
      return;
    }
    const variables = call.propagateAllParentVariables ? { ...x.visible(instance.key) } : { ...x.draft.local(instance.key) };
    const id = x.newId();
    x.draft.put('calls', id, { id, elementId: element.id, elementKey: instance.key, processId: processId.value });
    x.draft.patchElement(instance.key, { callId: id });
    x.emit({ type: 'callActivityStarted', callId: id, elementId: element.id, processId: processId.value, variables });
    x.record('callActivityStarted', { elementId: element.id, elementType: element.type, elementInstanceId: instance.key, details: { callId: id, processId: processId.value } });
  },
};
