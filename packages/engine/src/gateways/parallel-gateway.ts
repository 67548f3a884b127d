/** Parallel gateways (AND): fork to every outgoing flow; join waits for a token on every incoming flow. */
import type { ElementBehavior } from '../behaviors/execution.js';
import type { ElementCompiler } from '../compile/context.js';

/** Compiles `bpmn:ParallelGateway`; the join mode is set by the compiler. */
export const compileParallelGateway: ElementCompiler = () => ({ kind: 'parallelGateway' });

/** The join happened before activation (see `Execution.arrive`); activation forks to every outgoing flow. */
export const parallelGatewayBehavior: ElementBehavior = {
  activate(x, instance) {
    x.complete(instance.key);
  },
};
