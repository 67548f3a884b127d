/** Intermediate catch events: timer, message (with a correlation key) and link. */
import type { ElementBehavior } from '../behaviors/execution.js';
import { commitSubscription, commitTimer, prepareSubscription, prepareTimer } from '../behaviors/waits.js';
import type { ElementCompiler } from '../compile/context.js';
import { readTrigger, requireCorrelationKey } from '../compile/event-definitions.js';

/** Compiles `bpmn:IntermediateCatchEvent`. */
export const compileIntermediateCatchEvent: ElementCompiler = (element, cx) => {
  const event = readTrigger(element, cx, ['timer', 'message', 'link'], 'intermediate catch event');
  if (!event || !requireCorrelationKey(event, cx)) return undefined;
  if (event.kind === 'timer' && event.timer.kind === 'cycle') {
    cx.report('TB_BPMN_TIMER_INVALID', 'an intermediate timer catch event takes timeDate or timeDuration, not timeCycle');
    return undefined;
  }
  return { kind: 'intermediateCatchEvent', event };
};

/**
 * Schedules its timer or opens its subscription and waits; a link catch passes through; an event already
 * triggered (after an event-based gateway) completes at once with the trigger's variables.
 */
export const intermediateCatchEventBehavior: ElementBehavior = {
  activate(x, instance, element, payload) {
    const event = element.event!;
    if (payload !== undefined || event.kind === 'link') {
      x.complete(instance.key, { payload });
      return;
    }
    if (event.kind === 'timer') {
      const prepared = prepareTimer(x, event.timer, instance.key);
      if (!prepared.ok) {
        x.raiseIncident(instance, prepared.kind, prepared.message, 'activate');
        return;
      }
      commitTimer(x, instance, element.id, 'catch', prepared.value);
      return;
    }
    if (event.kind === 'message') {
      const prepared = prepareSubscription(x, event, instance.key);
      if (!prepared.ok) {
        x.raiseIncident(instance, prepared.kind, prepared.message, 'activate');
        return;
      }
      commitSubscription(x, instance, element.id, 'catch', prepared.value);
      return;
    }
    throw new Error(`invariant: intermediate catch event ${element.id} with trigger ${event.kind}`);
  },
};
