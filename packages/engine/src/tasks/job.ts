import type { Execution } from '../behaviors/execution.js';
import { toJsonValue } from '../behaviors/feel.js';
import type { CompiledElement } from '../types/definition.js';
import type { ElementInstance, OpenJob } from '../types/state.js';

/**
 * Creates the job of a job-based element (service, send, business rule or script task with a job type, message
 * throw and end events): the element then waits for `completeJob`, `failJob` or `throwError`.
 */
export function createJob(x: Execution, instance: ElementInstance, element: CompiledElement): void {
  const spec = element.job;
  if (!spec) throw new Error(`invariant: ${element.id} has no job definition`);
  const type = x.evaluateValue(spec.type, instance.key);
  if (!type.ok) {
    x.raiseIncident(instance, 'expressionFailed', `job type: ${type.message}`, 'activate');
    return;
  }
  if (typeof type.value !== 'string' || type.value.trim() === '') {
    x.raiseIncident(instance, 'invalidValue', `job type '${spec.type}' evaluated to ${JSON.stringify(toJsonValue(type.value))}, not a string`, 'activate');
    return;
  }
  const retriesValue = x.evaluateValue(spec.retries, instance.key);
  if (!retriesValue.ok) {
    x.raiseIncident(instance, 'expressionFailed', `job retries: ${retriesValue.message}`, 'activate');
    return;
  }
  const retries = Number(retriesValue.value);
  if (!Number.isInteger(retries) || retries < 0) {
    x.raiseIncident(instance, 'invalidValue', `job retries '${spec.retries}' evaluated to ${JSON.stringify(toJsonValue(retriesValue.value))}, not a whole number`, 'activate');
    return;
  }
  const id = x.newId();
  const job: OpenJob = {
    id,
    elementId: element.id,
    elementKey: instance.key,
    jobType: type.value,
    retries,
    state: 'activatable',
    createdAt: x.now,
  };
  x.draft.put('jobs', id, job);
  x.draft.patchElement(instance.key, { jobId: id });
  x.draft.state.counters.jobsCreated += 1;
  x.emit({
    type: 'jobCreated',
    jobId: id,
    elementId: element.id,
    jobType: job.jobType,
    retries,
    headers: { ...element.headers },
    variables: { ...x.visible(instance.key) },
  });
  x.record('jobCreated', { elementId: element.id, elementType: element.type, elementInstanceId: instance.key, details: { jobId: id, jobType: job.jobType, retries } });
}
