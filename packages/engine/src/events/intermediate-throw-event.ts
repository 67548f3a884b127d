/** Intermediate throw events: none (pass-through), link (jump to the matching catch), message (a job). */
import type { ElementBehavior } from '../behaviors/execution.js';
import type { ElementCompiler } from '../compile/context.js';
import { readTrigger } from '../compile/event-definitions.js';
import { readJob } from '../compile/moddle.js';
import { createJob } from '../tasks/job.js';

/** Compiles `bpmn:IntermediateThrowEvent`. */
export const compileIntermediateThrowEvent: ElementCompiler = (element, cx) => {
  const event = readTrigger(element, cx, ['none', 'link', 'message'], 'intermediate throw event', { throwing: true });
  if (!event) return undefined;
  if (event.kind === 'message') {
    const job = readJob(element);
    if (!job) {
      cx.report('TB_BPMN_MISSING_JOB_TYPE', 'a message throw event is a job (zeebe:taskDefinition)');
      return undefined;
    }
    return { kind: 'intermediateThrowEvent', event, job };
  }
  return { kind: 'intermediateThrowEvent', event };
};

/** Passes through, jumps to its link target, or creates its job. */
export const intermediateThrowEventBehavior: ElementBehavior = {
  activate(x, instance, element) {
    const event = element.event!;
    if (event.kind === 'message') {
      createJob(x, instance, element);
      return;
    }
    if (event.kind === 'link') {
      x.enter(element.linkTargetId!, instance.parentKey!);
      x.complete(instance.key, { flows: [] });
      return;
    }
    x.complete(instance.key);
  },
};
