/** Inclusive gateways (OR): fork to every flow whose condition holds; join waits for exactly the activated branches. */
import type { ElementBehavior } from '../behaviors/execution.js';
import type { ElementCompiler } from '../compile/context.js';
import { selectFlows } from './conditions.js';

/** Compiles `bpmn:InclusiveGateway`; the join mode and upstream set are computed by the compiler. */
export const compileInclusiveGateway: ElementCompiler = () => ({ kind: 'inclusiveGateway' });

/**
 * Takes every flow whose condition holds; the default flow only when none holds (BPMN 2.0 §13.4.3, and the
 * Zeebe docs — unlike the upstream Go test of the conformance model).
 */
export const inclusiveGatewayBehavior: ElementBehavior = {
  activate(x, instance, element) {
    const flows = selectFlows(x, instance, element, false);
    if (flows) x.complete(instance.key, { flows });
  },
};
