/** End events: none, terminate, error, and message end events (jobs, as in Zeebe). */
import type { ElementBehavior } from '../behaviors/execution.js';
import { escalateToCaller, throwBpmnError } from '../behaviors/errors.js';
import type { ElementCompiler } from '../compile/context.js';
import { readTrigger } from '../compile/event-definitions.js';
import { readJob } from '../compile/moddle.js';
import { createJob } from '../tasks/job.js';

/** Compiles `bpmn:EndEvent`. */
export const compileEndEvent: ElementCompiler = (element, cx) => {
  const event = readTrigger(element, cx, ['none', 'terminate', 'error', 'message'], 'end event', { throwing: true });
  if (!event) return undefined;
  if (event.kind === 'message') {
    const job = readJob(element);
    if (!job) {
      cx.report('TB_BPMN_MISSING_JOB_TYPE', 'a message end event is a job (zeebe:taskDefinition)');
      return undefined;
    }
    return { kind: 'endEvent', event, job };
  }
  if (event.kind === 'error' && event.errorCode === undefined) {
    cx.report('TB_BPMN_MISSING_ERROR_CODE');
    return undefined;
  }
  return { kind: 'endEvent', event };
};

/**
 * None: the token ends. Terminate: every other token of the scope is terminated, then the scope completes
 * (the process instance ends as `terminated`). Error: the error goes to the nearest catching boundary or event
 * subprocess; uncaught, it raises an incident. Message: a job, the token ends once it completes.
 */
export const endEventBehavior: ElementBehavior = {
  activate(x, instance, element) {
    const event = element.event!;
    switch (event.kind) {
      case 'message':
        createJob(x, instance, element);
        return;
      case 'terminate': {
        const scopeKey = instance.parentKey!;
        x.terminateChildren(scopeKey, instance.key);
        x.draft.patchElement(scopeKey, { terminatedBy: element.id });
        x.complete(instance.key);
        return;
      }
      case 'error': {
        const caught = throwBpmnError(x, instance, event.errorCode!, undefined, {}) || escalateToCaller(x, instance, event.errorCode!, undefined, {});
        if (!caught) {
          x.raiseIncident(instance, 'unhandledError', `no boundary or event subprocess catches error '${event.errorCode}'`, 'activate');
        }
        return;
      }
      default:
        x.complete(instance.key);
    }
  },
};
