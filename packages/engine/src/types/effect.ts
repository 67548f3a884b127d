import type { InstanceStatus } from './state.js';

/**
 * The side effects of a step, as data, in the order they happened. The runtime applies them in the same
 * transaction as the new state. History events are interleaved with the effects they describe.
 */
export type Effect =
  | {
      type: 'taskCreated';
      taskId: string;
      elementId: string;
      name?: string;
      candidateGroups: string[];
      candidateUsers: string[];
      assignee?: string;
      form?: { formId?: string; formKey?: string; externalReference?: string; bindingType?: string; versionTag?: string };
      headers: Record<string, string>;
      dueDate?: string;
      followUpDate?: string;
      priority?: number;
      /** The task's local inputs (its input mappings). */
      variables: Record<string, unknown>;
    }
  | { type: 'taskCancelled'; taskId: string; elementId: string }
  /** `repetitions`: occurrences left including this one for a cycle (`null` unbounded). */
  | { type: 'timerScheduled'; timerId: string; elementId: string; dueAt: string; repetitions?: number | null }
  | { type: 'timerCancelled'; timerId: string }
  /** `variables`: every variable visible at the element (its inputs included). */
  | { type: 'jobCreated'; jobId: string; elementId: string; jobType: string; retries: number; headers: Record<string, string>; variables: Record<string, unknown> }
  | { type: 'jobCancelled'; jobId: string }
  /** A job that had failed (incident) may be activated again with these retries. */
  | { type: 'jobRetriesUpdated'; jobId: string; retries: number }
  | { type: 'subscriptionOpened'; subscriptionId: string; elementId: string; messageName: string; correlationKey: string }
  | { type: 'subscriptionClosed'; subscriptionId: string }
  | { type: 'callActivityStarted'; callId: string; elementId: string; processId: string; variables: Record<string, unknown> }
  | { type: 'callActivityCancelled'; callId: string }
  | { type: 'incidentRaised'; incidentId: string; elementId: string; kind: string; message: string; jobId?: string }
  | { type: 'incidentResolved'; incidentId: string }
  | { type: 'instanceCompleted'; variables: Record<string, unknown> }
  /**
   * The instance ended without completing: a terminate end event (`terminated`), a cancel command (`cancelled`),
   * or, in a called instance, a BPMN error nobody caught (`terminated` with `error`: pass it to the caller with
   * `throwCallActivityError`).
   */
  | {
      type: 'instanceTerminated';
      status: Extract<InstanceStatus, 'terminated' | 'cancelled'>;
      reason?: string;
      elementId?: string;
      error?: { errorCode: string; errorMessage?: string; variables: Record<string, unknown> };
    }
  | { type: 'history'; event: HistoryEvent };

/** Past-tense kinds of {@link HistoryEvent}. */
export type HistoryEventKind =
  | 'instanceStarted'
  | 'instanceCompleted'
  | 'instanceTerminated'
  | 'instanceCancelled'
  | 'elementActivated'
  | 'elementCompleted'
  | 'elementTerminated'
  | 'flowTaken'
  | 'taskCreated'
  | 'taskCompleted'
  | 'taskCancelled'
  | 'jobCreated'
  | 'jobCompleted'
  | 'jobFailed'
  | 'jobCancelled'
  | 'jobRetriesUpdated'
  | 'timerScheduled'
  | 'timerFired'
  | 'timerCancelled'
  | 'subscriptionOpened'
  | 'messageCorrelated'
  | 'subscriptionClosed'
  | 'callActivityStarted'
  | 'callActivityCompleted'
  | 'callActivityCancelled'
  | 'errorThrown'
  | 'errorCaught'
  | 'incidentRaised'
  | 'incidentResolved'
  | 'variablesChanged';

/**
 * One entry of the append-only history of an instance. `elementInstanceId` identifies the element instance
 * (the token); `scopeId` is the element instance that holds changed variables.
 */
export interface HistoryEvent {
  kind: HistoryEventKind;
  at: string;
  elementId?: string;
  elementType?: string;
  elementInstanceId?: string;
  /** For variablesChanged: the element instance holding the variables. For others: the enclosing scope. */
  scopeId?: string;
  actor?: string;
  /** Changed variables (variablesChanged), or the payload of a completion or correlation. */
  variables?: Record<string, unknown>;
  details?: Record<string, unknown>;
}
