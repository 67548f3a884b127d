/** Exclusive gateways (XOR): the first outgoing flow whose condition holds, else the default flow. */
import type { ElementBehavior } from '../behaviors/execution.js';
import type { ElementCompiler } from '../compile/context.js';
import { selectFlows } from './conditions.js';

/** Compiles `bpmn:ExclusiveGateway`; flows and conditions are checked by the compiler. */
export const compileExclusiveGateway: ElementCompiler = () => ({ kind: 'exclusiveGateway' });

/** Takes exactly one flow; when none holds and there is no default, raises `conditionNotMet`. */
export const exclusiveGatewayBehavior: ElementBehavior = {
  activate(x, instance, element) {
    const flows = selectFlows(x, instance, element, true);
    if (flows) x.complete(instance.key, { flows });
  },
};
