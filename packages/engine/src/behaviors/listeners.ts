/**
 * What an activated instance listens to: the timer and message boundary events of an activity and the timer and
 * message starts of the event subprocesses of a scope. Everything is evaluated first and opened together, so a
 * failure raises one incident and leaves nothing half open.
 */
import type { ElementInstance } from '../types/state.js';
import type { Execution } from './execution.js';
import { commitSubscription, commitTimer, prepareSubscription, prepareTimer, type PreparedSubscription } from './waits.js';
import type { ResolvedTimer } from './time.js';

type Opening =
  | { type: 'timer'; elementId: string; role: 'boundary' | 'eventSubProcess'; timer: ResolvedTimer }
  | { type: 'message'; elementId: string; role: 'boundary' | 'eventSubProcess'; subscription: PreparedSubscription; repeatable: boolean };

/** Opens the boundary events and event subprocess starts of an instance; false when an incident was raised. */
export function listen(x: Execution, instance: ElementInstance, boundaryIds: readonly string[], eventSubProcessIds: readonly string[]): boolean {
  const openings: Opening[] = [];
  const triggers: Array<{ elementId: string; role: 'boundary' | 'eventSubProcess'; repeatable: boolean }> = [
    // Non-interrupting message catchers stay subscribed until their host ends (Zeebe semantics).
    ...boundaryIds.map((elementId) => ({ elementId, role: 'boundary' as const, repeatable: x.element(elementId).interrupting === false })),
    ...eventSubProcessIds.map((id) => {
      const startId = x.element(id).startEventId!;
      return { elementId: startId, role: 'eventSubProcess' as const, repeatable: x.element(startId).interrupting === false };
    }),
  ];
  for (const { elementId, role, repeatable } of triggers) {
    const event = x.element(elementId).event;
    if (event?.kind === 'timer') {
      const prepared = prepareTimer(x, event.timer, instance.key);
      if (!prepared.ok) {
        x.raiseIncident(instance, prepared.kind, `${elementId}: ${prepared.message}`, 'activate');
        return false;
      }
      openings.push({ type: 'timer', elementId, role, timer: prepared.value });
    } else if (event?.kind === 'message') {
      const prepared = prepareSubscription(x, event, instance.key);
      if (!prepared.ok) {
        x.raiseIncident(instance, prepared.kind, `${elementId}: ${prepared.message}`, 'activate');
        return false;
      }
      openings.push({ type: 'message', elementId, role, subscription: prepared.value, repeatable });
    }
  }
  for (const opening of openings) {
    if (opening.type === 'timer') commitTimer(x, instance, opening.elementId, opening.role, opening.timer);
    else commitSubscription(x, instance, opening.elementId, opening.role, opening.subscription, opening.repeatable);
  }
  x.draft.patchElement(instance.key, { listening: true });
  return true;
}
