/**
 * The compiled, executable form of a BPMN document. Everything here is plain JSON: the runtime may cache it or
 * store it as jsonb, and the designer and the diff tool read it.
 *
 * Value strings follow the Zeebe convention: a value that starts with `=` is a FEEL expression, anything else is a
 * static string. Fields documented as "FEEL" hold an expression without the leading `=`.
 */

/** Version of the {@link CompiledDefinition} layout; bumped when a stored definition must be recompiled. */
export const COMPILED_DEFINITION_FORMAT = 1;

/** A compiled BPMN document (one `bpmn:definitions`). */
export interface CompiledDefinition {
  format: typeof COMPILED_DEFINITION_FORMAT;
  /** The `id` of `bpmn:definitions`. */
  id: string;
  /** Every process of the document, executable or not, in document order. */
  processes: CompiledProcess[];
}

/** What starts a process (or an event subprocess). */
export type StartEventKind = 'none' | 'message' | 'timer' | 'signal';

/** A timer as written in the model: an ISO-8601 value or a FEEL expression (`=…`) producing one. */
export interface TimerDefinition {
  kind: 'date' | 'duration' | 'cycle';
  /** Raw value, e.g. `P1D`, `R3/PT10M`, `2025-01-01T00:00:00+08:00` or `=deadline`. */
  expression: string;
}

/** A start event of a process, as listed by {@link listStartEvents}. */
export interface StartEventInfo {
  processId: string;
  elementId: string;
  name?: string;
  kind: StartEventKind;
  messageName?: string;
  signalName?: string;
  timer?: TimerDefinition;
}

/** One compiled process. Non-executable processes are listed (for the designer) but cannot be started. */
export interface CompiledProcess {
  id: string;
  name?: string;
  executable: boolean;
  /** Process-level start events (event subprocess starts are not listed here). */
  startEvents: StartEventInfo[];
  /** Every flow node of the process, including those nested in subprocesses, by id. */
  elements: Record<string, CompiledElement>;
  /** Every sequence flow of the process, including nested ones, by id. */
  flows: Record<string, CompiledFlow>;
  /** Embedded forms (`zeebe:userTaskForm`), JSON text by form id. */
  forms: Record<string, string>;
  /** Event subprocesses directly inside the process. */
  eventSubProcessIds: string[];
}

/** A sequence flow. */
export interface CompiledFlow {
  id: string;
  name?: string;
  sourceId: string;
  targetId: string;
  /** FEEL condition without the leading `=`. */
  condition?: string;
  /** Whether this flow is its source gateway's default flow. */
  isDefault: boolean;
}

/** The behaviour an element is executed with. */
export type ElementKind =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'userTask'
  | 'serviceTask'
  | 'scriptTask'
  | 'receiveTask'
  | 'passThroughTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'subProcess'
  | 'eventSubProcess'
  | 'callActivity'
  /** Only in non-executable processes: kept for the designer, never executed. */
  | 'unsupported';

/** The trigger of an event. */
export type EventTrigger =
  | { kind: 'none' }
  | { kind: 'terminate' }
  | { kind: 'timer'; timer: TimerDefinition }
  /** `messageName` and `correlationKey` may be FEEL (`=…`). */
  | { kind: 'message'; messageName: string; correlationKey?: string }
  /** Without `errorCode`, a catch event catches every error. */
  | { kind: 'error'; errorCode?: string; errorName?: string }
  | { kind: 'signal'; signalName: string }
  | { kind: 'link'; linkName: string };

/** A `zeebe:input` or `zeebe:output`. `source` is FEEL when it starts with `=`; `target` may be a dotted path. */
export interface VariableMapping {
  source: string;
  target: string;
}

/** A job definition (`zeebe:taskDefinition`); `type` and `retries` may be FEEL (`=…`). */
export interface JobSpec {
  type: string;
  retries: string;
}

/** A form reference of a user task (`zeebe:formDefinition`). */
export interface FormReference {
  formId?: string;
  formKey?: string;
  externalReference?: string;
  bindingType?: string;
  versionTag?: string;
  /** Id of the embedded `zeebe:userTaskForm` when `formKey` is `camunda-forms:bpmn:<id>`. */
  embeddedFormId?: string;
}

/** User task settings. Every string may be FEEL (`=…`); candidate lists are comma separated when static. */
export interface UserTaskSpec {
  assignee?: string;
  candidateGroups?: string;
  candidateUsers?: string;
  dueDate?: string;
  followUpDate?: string;
  priority?: string;
  form?: FormReference;
  /** Whether `zeebe:userTask` marks it as a Camunda user task (otherwise a job-based one; both run the same here). */
  zeebeUserTask: boolean;
}

/** `zeebe:script`: FEEL expression (without `=`) and the variable that receives its value. */
export interface ScriptSpec {
  expression: string;
  resultVariable: string;
}

/** `zeebe:calledElement`. */
export interface CallSpec {
  /** Static process id, or FEEL (`=…`). */
  processId: string;
  propagateAllChildVariables: boolean;
  propagateAllParentVariables: boolean;
}

/** `zeebe:loopCharacteristics` of a multi-instance activity. */
export interface MultiInstanceSpec {
  sequential: boolean;
  /** FEEL without `=`. */
  inputCollection: string;
  inputElement?: string;
  outputCollection?: string;
  /** FEEL without `=`. */
  outputElement?: string;
  /** FEEL without `=`. */
  completionCondition?: string;
}

/** One executable flow node. Only the fields that apply to its kind are present. */
export interface CompiledElement {
  id: string;
  /** BPMN type, e.g. `bpmn:UserTask`. */
  type: string;
  kind: ElementKind;
  name?: string;
  /** Id of the enclosing subprocess, or `null` directly inside the process. */
  parentId: string | null;
  /** Incoming and outgoing sequence flow ids, in document order. */
  incoming: string[];
  outgoing: string[];
  defaultFlowId?: string;
  inputs?: VariableMapping[];
  outputs?: VariableMapping[];
  /** `zeebe:taskHeaders`, e.g. `{ stage: 'accept' }`. */
  headers?: Record<string, string>;
  /** `zeebe:properties`. */
  properties?: Record<string, string>;
  /** Trigger of an event, or of the message a receive task waits for. */
  event?: EventTrigger;
  /** Whether a start or boundary event interrupts (boundary `cancelActivity`, start `isInterrupting`). */
  interrupting?: boolean;
  /** For a boundary event: the activity it is attached to. */
  attachedToId?: string;
  /** For an activity: its boundary events. */
  boundaryIds?: string[];
  job?: JobSpec;
  userTask?: UserTaskSpec;
  script?: ScriptSpec;
  call?: CallSpec;
  multiInstance?: MultiInstanceSpec;
  /** For subprocesses: the none start event that begins the body. */
  startEventId?: string;
  /** For subprocesses: event subprocesses directly inside. */
  eventSubProcessIds?: string[];
  /** For gateways with several incoming flows: how arrivals are joined. */
  join?: 'parallel' | 'inclusive';
  /**
   * For inclusive joins: elements in the same scope from which a token can still reach this gateway without
   * passing through it (BPMN 2.0 §13.4.3).
   */
  upstream?: string[];
  /** For a link throw event: the matching link catch event. */
  linkTargetId?: string;
}
