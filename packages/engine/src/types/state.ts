import type { LocalizedMessage } from './report.js';

/** Version of the {@link InstanceState} layout. Bumping it requires an upgrade function and a frozen fixture. */
export const STATE_VERSION = 1;

/** Lifecycle of a process instance. `terminated`: a terminate end event ended it; `cancelled`: a cancel command. */
export type InstanceStatus = 'active' | 'completed' | 'terminated' | 'cancelled';

/**
 * The resumable state of one process instance. Plain JSON; {@link step} never mutates it and returns a new one.
 * Element instances form a tree through `parentKey`; the root is the process instance itself (`rootKey`).
 */
export interface InstanceState {
  stateVersion: typeof STATE_VERSION;
  processId: string;
  status: InstanceStatus;
  startedAt: string;
  endedAt?: string;
  /**
   * Set when the instance was started by a call activity (`start` with `called: true`): a BPMN error nobody
   * catches here ends the instance and is handed to the caller instead of raising an incident.
   */
  called?: true;
  /** Key of the process-level element instance. */
  rootKey: string;
  /** Next element instance key (keys are decimal strings drawn from this counter, never reused). */
  nextKey: number;
  /** Live element instances by key. */
  elements: Record<string, ElementInstance>;
  /** Variables by the key of the element instance that holds them (the root holds the process variables). */
  variables: Record<string, Record<string, unknown>>;
  tasks: Record<string, OpenTask>;
  jobs: Record<string, OpenJob>;
  timers: Record<string, OpenTimer>;
  subscriptions: Record<string, OpenSubscription>;
  calls: Record<string, OpenCall>;
  incidents: Record<string, OpenIncident>;
  counters: InstanceCounters;
}

/** Running totals, for supervision and for invariant checks. */
export interface InstanceCounters {
  /** Element activations, multi-instance bodies included. */
  activations: number;
  tasksCreated: number;
  jobsCreated: number;
  incidentsRaised: number;
}

/** Variables handed along with a trigger (job result, message payload, error variables…). */
export type Payload = Record<string, unknown>;

/** One live element instance (a token at a flow node, or a scope). */
export interface ElementInstance {
  key: string;
  elementId: string;
  /** Key of the enclosing scope instance; `null` only for the root. */
  parentKey: string | null;
  /** `process`: the root; `body`: a multi-instance body; `inner`: one instance under a body; `element`: the rest. */
  role: 'process' | 'element' | 'body' | 'inner';
  /** `activating`: created, activation queued; `active`: waiting; `incident`: stuck on an incident. */
  phase: 'activating' | 'active' | 'incident';
  /** Live child element instances (scopes only). */
  children: number;
  /** Join arrivals inside this scope: gateway id → incoming flow id → number of tokens waiting. */
  joins?: Record<string, Record<string, number>>;
  taskId?: string;
  jobId?: string;
  callId?: string;
  /** Timers owned by this instance (its boundary events, event gateway targets, event subprocess starts…). */
  timerIds?: string[];
  subscriptionIds?: string[];
  incidentId?: string;
  /** Multi-instance bookkeeping (bodies only). */
  loop?: LoopState;
  /** Set on a scope ended by a terminate end event. */
  terminatedBy?: string;
  /** Set on a scope while an interrupting event subprocess runs in it. */
  interruptedBy?: string;
  /** Whether the boundary events (or event subprocess starts) of this instance have been opened. */
  listening?: boolean;
}

/** Bookkeeping of a multi-instance body. */
export interface LoopState {
  items: unknown[];
  /** Index of the next item to start (sequential) or `items.length` once all are started. */
  next: number;
  active: number;
  completed: number;
  terminated: number;
}

/** An open user task. */
export interface OpenTask {
  id: string;
  elementId: string;
  elementKey: string;
  createdAt: string;
}

/** An open job (service task, send task, message throw…). */
export interface OpenJob {
  id: string;
  elementId: string;
  elementKey: string;
  jobType: string;
  retries: number;
  /** `failed`: retries exhausted or unhandled error; waits for {@link Command} `resolveIncident`. */
  state: 'activatable' | 'failed';
  createdAt: string;
}

/** What a timer or a subscription triggers when it fires. */
export type TriggerRole = 'catch' | 'boundary' | 'eventGateway' | 'eventSubProcess';

/** A scheduled timer. */
export interface OpenTimer {
  id: string;
  /** The timer event (catch, boundary, event gateway target or event subprocess start). */
  elementId: string;
  /** The element instance that owns it (the waiting catch event, the host activity, the gateway or the scope). */
  ownerKey: string;
  role: TriggerRole;
  dueAt: string;
  /** Remaining occurrences including this one for cycles (`null`: unbounded); absent for one-shot timers. */
  repetitions?: number | null;
  /** ISO-8601 interval of a cycle. */
  interval?: string;
}

/** An open message subscription. */
export interface OpenSubscription {
  id: string;
  elementId: string;
  ownerKey: string;
  role: TriggerRole;
  messageName: string;
  correlationKey: string;
  /** Whether the subscription stays open after a correlation (non-interrupting event subprocess starts). */
  repeatable?: boolean;
}

/** A call activity waiting for its child instance. */
export interface OpenCall {
  id: string;
  elementId: string;
  elementKey: string;
  processId: string;
}

/** How an incident is retried when resolved. */
export type IncidentRetry = 'activate' | 'complete' | 'job';

/** An open incident. */
export interface OpenIncident {
  id: string;
  elementId: string;
  elementKey: string;
  kind: IncidentKind;
  message: string;
  jobId?: string;
  retry: IncidentRetry;
  /** Variables of the failed activation or completion, replayed on retry. */
  payload?: Payload;
  /** Whether a replayed completion propagates the payload (false for call activities without propagation). */
  propagatePayload?: boolean;
  createdAt: string;
}

/**
 * Why an instance is stuck: `expressionFailed` (FEEL or mapping), `conditionNotMet` (no outgoing flow),
 * `jobNoRetries`, `unhandledError` (a BPMN error nobody catches), `invalidValue` (a timer, collection or key of the
 * wrong type), `loopLimit` (a step ran too many activations without waiting).
 */
export type IncidentKind =
  | 'expressionFailed'
  | 'conditionNotMet'
  | 'jobNoRetries'
  | 'unhandledError'
  | 'invalidValue'
  | 'loopLimit';

/** A typed refusal of a command that does not apply (see {@link step}). */
export interface StepRejection {
  rejected: true;
  code: EngineRejectionCode;
  message: LocalizedMessage;
}

/** Codes of {@link StepRejection}. */
export type EngineRejectionCode =
  | 'TB_ENGINE_INSTANCE_NOT_FOUND'
  | 'TB_ENGINE_INSTANCE_ALREADY_STARTED'
  | 'TB_ENGINE_INSTANCE_NOT_ACTIVE'
  | 'TB_ENGINE_STATE_VERSION_UNSUPPORTED'
  | 'TB_ENGINE_PROCESS_NOT_FOUND'
  | 'TB_ENGINE_PROCESS_NOT_EXECUTABLE'
  | 'TB_ENGINE_START_EVENT_NOT_FOUND'
  | 'TB_ENGINE_TASK_NOT_FOUND'
  | 'TB_ENGINE_JOB_NOT_FOUND'
  | 'TB_ENGINE_JOB_NOT_ACTIVATABLE'
  | 'TB_ENGINE_TIMER_NOT_FOUND'
  | 'TB_ENGINE_SUBSCRIPTION_NOT_FOUND'
  | 'TB_ENGINE_CALL_NOT_FOUND'
  | 'TB_ENGINE_INCIDENT_NOT_FOUND'
  | 'TB_ENGINE_INVALID_COMMAND';
