/** Service, send and business-rule tasks with a job type: each becomes a job for a built-in handler or worker. */
import type { ElementBehavior } from '../behaviors/execution.js';
import type { ElementCompiler } from '../compile/context.js';
import { extension, readJob } from '../compile/moddle.js';
import { createJob } from './job.js';

/** Compiles `bpmn:ServiceTask`, `bpmn:SendTask` and job-based `bpmn:BusinessRuleTask`. */
export const compileServiceTask: ElementCompiler = (element, cx) => {
  if (element.$type === 'bpmn:BusinessRuleTask' && extension(element, 'zeebe:CalledDecision')) {
    cx.report('TB_BPMN_UNSUPPORTED_FEATURE', 'DMN decisions (zeebe:calledDecision) are not evaluated; use a job type');
    return undefined;
  }
  const job = readJob(element);
  if (!job) {
    cx.report('TB_BPMN_MISSING_JOB_TYPE');
    return undefined;
  }
  return { kind: 'serviceTask', job };
};

/** Creates the job and waits for it. */
export const serviceTaskBehavior: ElementBehavior = {
  activate(x, instance, element) {
    createJob(x, instance, element);
  },
};
