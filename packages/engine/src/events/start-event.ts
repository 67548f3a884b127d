/** Start events: none, message, timer and signal starts of a process; none starts of subprocesses; event subprocess starts. */
import type { ElementBehavior } from '../behaviors/execution.js';
import type { ElementCompiler } from '../compile/context.js';
import { readTrigger, requireCorrelationKey } from '../compile/event-definitions.js';

/** Compiles `bpmn:StartEvent`; which triggers are allowed depends on the container. */
export const compileStartEvent: ElementCompiler = (element, cx) => {
  if (cx.container === 'process') {
    const event = readTrigger(element, cx, ['none', 'message', 'timer', 'signal'], 'start event');
    return event ? { kind: 'startEvent', event } : undefined;
  }
  if (cx.container === 'subProcess') {
    const event = readTrigger(element, cx, ['none'], 'start event in an embedded subprocess');
    return event ? { kind: 'startEvent', event } : undefined;
  }
  const event = readTrigger(element, cx, ['message', 'timer', 'error'], 'start event of an event subprocess');
  if (!event || !requireCorrelationKey(event, cx)) return undefined;
  return { kind: 'startEvent', event, interrupting: element.isInterrupting !== false };
};

/** A start event completes at once; a triggered one carries the trigger's variables. */
export const startEventBehavior: ElementBehavior = {
  activate(x, instance, _element, payload) {
    x.complete(instance.key, { payload });
  },
};
