/** BPMN errors: thrown by a job worker or an error end event, caught by the nearest matching catch event. */
import type { CompiledElement } from '../types/definition.js';
import type { ElementInstance, Payload } from '../types/state.js';
import type { Execution } from './execution.js';
import { triggerBoundary } from '../events/boundary-event.js';
import { triggerEventSubProcess } from '../containers/event-sub-process.js';

function catches(element: CompiledElement, errorCode: string): 'exact' | 'any' | undefined {
  if (element.event?.kind !== 'error') return undefined;
  if (element.event.errorCode === undefined) return 'any';
  return element.event.errorCode === errorCode ? 'exact' : undefined;
}

function pick(x: Execution, ids: readonly string[], errorCode: string): CompiledElement | undefined {
  let fallback: CompiledElement | undefined;
  for (const id of ids) {
    const candidate = x.element(id);
    const match = catches(candidate, errorCode);
    if (match === 'exact') return candidate;
    if (match === 'any' && !fallback) fallback = candidate;
  }
  return fallback;
}

/**
 * Throws a BPMN error from an element instance. BPMN 2.0 §10.5.4: the error propagates outwards through the
 * enclosing scopes; at each one, an error event subprocess of the scope, then an error boundary event on the
 * scope's activity, may catch it (an exact error code wins over a catch-all). Returns false when nothing
 * catches it (the caller raises an incident).
 */
export function throwBpmnError(
  x: Execution,
  source: ElementInstance,
  errorCode: string,
  errorMessage: string | undefined,
  variables: Payload,
  jobId?: string,
): boolean {
  x.recordElement('errorThrown', source, {
    details: { errorCode, ...(errorMessage !== undefined ? { errorMessage } : {}), ...(jobId !== undefined ? { jobId } : {}) },
  });
  for (let current: ElementInstance | undefined = source; current; ) {
    if (current !== source && x.isScope(current)) {
      const eventSubProcessIds = current.role === 'process' ? x.process.eventSubProcessIds : (x.element(current.elementId).eventSubProcessIds ?? []);
      const starts = eventSubProcessIds.map((id) => x.element(id).startEventId!);
      const start = pick(x, starts, errorCode);
      if (start && current.interruptedBy === undefined) {
        x.record('errorCaught', { elementId: start.id, elementType: start.type, scopeId: current.key, details: { errorCode } });
        triggerEventSubProcess(x, current, start, variables);
        return true;
      }
    }
    if (current.role === 'element' || current.role === 'body') {
      const element = x.element(current.elementId);
      const boundary = pick(x, element.boundaryIds ?? [], errorCode);
      if (boundary) {
        x.record('errorCaught', { elementId: boundary.id, elementType: boundary.type, scopeId: current.parentKey ?? undefined, details: { errorCode } });
        triggerBoundary(x, current, boundary, variables);
        return true;
      }
    }
    current = current.parentKey === null ? undefined : x.findInstance(current.parentKey);
  }
  return false;
}

/**
 * What happens to a BPMN error nobody in this instance catches. In an instance started for a call activity the
 * instance ends (`instanceTerminated` with the error) so the runtime can hand the error to the caller (BPMN 2.0
 * §10.5.4: errors propagate through call activities); returns true then. Otherwise returns false and the caller
 * raises an incident.
 */
export function escalateToCaller(x: Execution, source: ElementInstance, errorCode: string, errorMessage: string | undefined, variables: Payload): boolean {
  if (x.draft.state.called !== true) return false;
  const rootKey = x.draft.state.rootKey;
  x.terminate(rootKey);
  x.draft.set('status', 'terminated');
  x.draft.set('endedAt', x.now);
  const error: { errorCode: string; errorMessage?: string; variables: Payload } = { errorCode, variables };
  if (errorMessage !== undefined) error.errorMessage = errorMessage;
  x.emit({ type: 'instanceTerminated', status: 'terminated', reason: 'errorThrown', elementId: source.elementId, error });
  x.record('instanceTerminated', {
    elementId: x.draft.state.processId,
    elementType: 'bpmn:Process',
    details: { reason: 'errorThrown', errorCode, thrownBy: source.elementId },
  });
  return true;
}
