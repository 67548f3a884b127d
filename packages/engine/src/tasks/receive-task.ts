/** Receive tasks: wait for a message with a correlation key. */
import type { ElementBehavior } from '../behaviors/execution.js';
import { commitSubscription, prepareSubscription } from '../behaviors/waits.js';
import type { ElementCompiler } from '../compile/context.js';
import { extension, one, text } from '../compile/moddle.js';
import type { EventTrigger } from '../types/definition.js';

/** Compiles `bpmn:ReceiveTask`: it needs a message with a name and a correlation key. */
export const compileReceiveTask: ElementCompiler = (element, cx) => {
  const message = one(element, 'messageRef');
  const messageName = text(message, 'name');
  if (messageName === undefined) {
    cx.report('TB_BPMN_MISSING_MESSAGE');
    return undefined;
  }
  const correlationKey = text(extension(message, 'zeebe:Subscription'), 'correlationKey');
  if (correlationKey === undefined) {
    cx.report('TB_BPMN_MISSING_CORRELATION_KEY');
    return undefined;
  }
  const event: EventTrigger = { kind: 'message', messageName, correlationKey };
  return { kind: 'receiveTask', event };
};

/** Opens the subscription and waits; completes at once when already triggered by an event gateway. */
export const receiveTaskBehavior: ElementBehavior = {
  activate(x, instance, element, payload) {
    if (payload !== undefined) {
      x.complete(instance.key, { payload });
      return;
    }
    const trigger = element.event as Extract<EventTrigger, { kind: 'message' }>;
    const prepared = prepareSubscription(x, trigger, instance.key);
    if (!prepared.ok) {
      x.raiseIncident(instance, prepared.kind, prepared.message, 'activate');
      return;
    }
    commitSubscription(x, instance, element.id, 'catch', prepared.value);
  },
};
