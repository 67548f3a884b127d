/** Event-based gateways: wait for the first of several timers and messages; the others are cancelled. */
import type { ElementBehavior, Execution } from '../behaviors/execution.js';
import { commitSubscription, commitTimer, prepareSubscription, prepareTimer, type PreparedSubscription } from '../behaviors/waits.js';
import type { ResolvedTimer } from '../behaviors/time.js';
import type { ElementCompiler } from '../compile/context.js';
import type { ElementInstance, Payload } from '../types/state.js';

/** Compiles `bpmn:EventBasedGateway`; its targets are checked by the compiler. */
export const compileEventBasedGateway: ElementCompiler = () => ({ kind: 'eventBasedGateway' });

/** Opens a timer or subscription for every target (all or nothing) and waits. */
export const eventBasedGatewayBehavior: ElementBehavior = {
  activate(x, instance, element) {
    const openings: Array<{ targetId: string; timer?: ResolvedTimer; subscription?: PreparedSubscription }> = [];
    for (const flowId of element.outgoing) {
      const target = x.element(x.process.flows[flowId]!.targetId);
      const event = target.event;
      if (event?.kind === 'timer') {
        const prepared = prepareTimer(x, event.timer, instance.key);
        if (!prepared.ok) {
          x.raiseIncident(instance, prepared.kind, `${target.id}: ${prepared.message}`, 'activate');
          return;
        }
        openings.push({ targetId: target.id, timer: prepared.value });
      } else if (event?.kind === 'message') {
        const prepared = prepareSubscription(x, event, instance.key);
        if (!prepared.ok) {
          x.raiseIncident(instance, prepared.kind, `${target.id}: ${prepared.message}`, 'activate');
          return;
        }
        openings.push({ targetId: target.id, subscription: prepared.value });
      }
    }
    for (const opening of openings) {
      if (opening.timer) commitTimer(x, instance, opening.targetId, 'eventGateway', opening.timer);
      else commitSubscription(x, instance, opening.targetId, 'eventGateway', opening.subscription!);
    }
  },
};

/** The first event of a waiting gateway happened: cancel the others and continue to that event. */
export function triggerEventGateway(x: Execution, gateway: ElementInstance, targetId: string, payload: Payload): void {
  const element = x.element(gateway.elementId);
  const flowId = element.outgoing.find((id) => x.process.flows[id]!.targetId === targetId);
  if (flowId === undefined) throw new Error(`invariant: ${targetId} is not a target of ${element.id}`);
  x.complete(gateway.key, { flows: [flowId], targetPayload: payload });
}
