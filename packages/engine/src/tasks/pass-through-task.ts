/** Manual tasks and undefined tasks (`bpmn:Task`): nothing to execute, the token passes through (Zeebe semantics). */
import type { ElementBehavior } from '../behaviors/execution.js';
import type { ElementCompiler } from '../compile/context.js';

/** Compiles `bpmn:ManualTask` and `bpmn:Task`. */
export const compilePassThroughTask: ElementCompiler = () => ({ kind: 'passThroughTask' });

/** Completes at once. */
export const passThroughTaskBehavior: ElementBehavior = {
  activate(x, instance) {
    x.complete(instance.key);
  },
};
