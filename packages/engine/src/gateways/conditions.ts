/** Evaluation of the conditions of a gateway's outgoing flows. */
import type { Execution } from '../behaviors/execution.js';
import { toJsonValue } from '../behaviors/feel.js';
import type { CompiledElement } from '../types/definition.js';
import type { ElementInstance } from '../types/state.js';

/**
 * Evaluates the conditions of a gateway's outgoing flows in document order, skipping the default flow. A
 * condition that gives `null` (e.g. a missing variable) counts as not met; any other non-boolean, or a FEEL
 * failure, raises an incident and gives `undefined`. With `firstOnly`, stops at the first flow that holds.
 */
export function selectFlows(x: Execution, instance: ElementInstance, gateway: CompiledElement, firstOnly: boolean): string[] | undefined {
  const selected: string[] = [];
  for (const flowId of gateway.outgoing) {
    if (flowId === gateway.defaultFlowId) continue;
    const flow = x.process.flows[flowId]!;
    if (flow.condition === undefined) {
      selected.push(flowId);
    } else {
      const outcome = x.evaluate(flow.condition, instance.key);
      if (!outcome.ok) {
        x.raiseIncident(instance, 'expressionFailed', `condition of ${flowId}: ${outcome.message}`, 'activate');
        return undefined;
      }
      if (outcome.value !== true && outcome.value !== false && outcome.value !== null) {
        x.raiseIncident(
          instance,
          'invalidValue',
          `condition of ${flowId} '${flow.condition}' evaluated to ${JSON.stringify(toJsonValue(outcome.value))}, not a boolean`,
          'activate',
        );
        return undefined;
      }
      if (outcome.value === true) selected.push(flowId);
    }
    if (firstOnly && selected.length > 0) return selected;
  }
  if (selected.length === 0 && gateway.defaultFlowId !== undefined) return [gateway.defaultFlowId];
  if (selected.length === 0 && gateway.outgoing.length > 0) {
    x.raiseIncident(instance, 'conditionNotMet', `no condition of an outgoing flow of ${gateway.id} holds and there is no default flow`, 'activate');
    return undefined;
  }
  return selected;
}
