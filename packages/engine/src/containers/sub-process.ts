/** Embedded subprocesses: a scope whose body starts at its none start event and completes with its last token. */
import type { ElementBehavior } from '../behaviors/execution.js';
import type { ElementCompiler } from '../compile/context.js';

/** Compiles `bpmn:SubProcess` (not triggered by event); its start event is linked by the compiler. */
export const compileSubProcess: ElementCompiler = () => ({ kind: 'subProcess' });

/** Starts the body. The scope completes when no token is left in it (see `Execution.checkScope`). */
export const subProcessBehavior: ElementBehavior = {
  activate(x, instance, element) {
    x.enter(element.startEventId!, instance.key);
  },
};
