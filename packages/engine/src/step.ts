/** `step(definition, state, command, context) → { state, effects }`: the one entry that advances instances. */
import { Draft } from './behaviors/draft.js';
import { escalateToCaller, throwBpmnError } from './behaviors/errors.js';
import { Execution } from './behaviors/execution.js';
import type { FeelEnvironment } from './behaviors/feel.js';
import { listen } from './behaviors/listeners.js';
import { offsetWrittenIn, parseInstant } from './behaviors/time.js';
import { normaliseVariables } from './behaviors/variables.js';
import { commitTimer, consumeSubscription, consumeTimer, nextOccurrence } from './behaviors/waits.js';
import { triggerEventSubProcess } from './containers/event-sub-process.js';
import { triggerBoundary } from './events/boundary-event.js';
import { triggerEventGateway } from './gateways/event-based-gateway.js';
import { EXECUTION_HOOKS } from './registry.js';
import { reject } from './rejections.js';
import type { Command, StepContext, StepOutcome } from './types/command.js';
import type { CompiledDefinition, CompiledProcess } from './types/definition.js';
import { STATE_VERSION, type InstanceState, type OpenTimer, type Payload, type StepRejection } from './types/state.js';

/** Whether a {@link step} outcome is a rejection. */
export function isRejection(outcome: StepOutcome): outcome is StepRejection {
  return (outcome as StepRejection).rejected === true;
}

function environment(context: StepContext): FeelEnvironment | undefined {
  const nowMs = parseInstant(context.now, 0);
  if (nowMs === null) return undefined;
  const env: FeelEnvironment = {
    now: context.now,
    nowMs,
    utcOffsetMinutes: context.utcOffsetMinutes ?? offsetWrittenIn(context.now) ?? 0,
  };
  if (context.functions) env.functions = context.functions;
  return env;
}

/**
 * Advances one process instance by one command. Pure: time, ids and FEEL functions come from `context`; the
 * input state is never mutated; the result is a new state and the ordered effects (history included).
 *
 * A command that does not apply — unknown task, job, timer, subscription, call or incident id, an instance that
 * has ended, `start` on an existing instance — returns a {@link StepRejection} (check with {@link isRejection})
 * and changes nothing. Expression and mapping failures become incidents in the effects. It throws only when an
 * invariant of the engine itself is broken.
 */
export function step(definition: CompiledDefinition, state: InstanceState | undefined, command: Command, context: StepContext): StepOutcome {
  const env = environment(context);
  if (!env) return reject('TB_ENGINE_INVALID_COMMAND', `context.now '${context.now}' is not an ISO-8601 instant`);
  if (command.type === 'start') {
    if (state !== undefined) return reject('TB_ENGINE_INSTANCE_ALREADY_STARTED');
    return start(definition, command, context, env);
  }
  if (state === undefined) return reject('TB_ENGINE_INSTANCE_NOT_FOUND');
  if (state.stateVersion !== STATE_VERSION) return reject('TB_ENGINE_STATE_VERSION_UNSUPPORTED', String(state.stateVersion));
  if (state.status !== 'active') return reject('TB_ENGINE_INSTANCE_NOT_ACTIVE');
  const process = definition.processes.find((candidate) => candidate.id === state.processId);
  if (!process) return reject('TB_ENGINE_PROCESS_NOT_FOUND', state.processId);
  const draft = new Draft(state);
  const actor = 'actor' in command ? command.actor : undefined;
  const x = new Execution(process, draft, context, env, EXECUTION_HOOKS, actor);
  const rejection = apply(x, command);
  if (rejection) return rejection;
  x.run();
  return { state: draft.state, effects: x.effects };
}

function start(definition: CompiledDefinition, command: Extract<Command, { type: 'start' }>, context: StepContext, env: FeelEnvironment): StepOutcome {
  let process: CompiledProcess | undefined;
  if (command.processId !== undefined) {
    process = definition.processes.find((candidate) => candidate.id === command.processId);
    if (!process) return reject('TB_ENGINE_PROCESS_NOT_FOUND', command.processId);
  } else {
    const executable = definition.processes.filter((candidate) => candidate.executable);
    process = executable.find((candidate) => candidate.startEvents.some((event) => event.kind === 'none')) ?? executable[0];
    if (!process) return reject('TB_ENGINE_PROCESS_NOT_FOUND');
  }
  if (!process.executable) return reject('TB_ENGINE_PROCESS_NOT_EXECUTABLE', process.id);
  const startEvent =
    command.startEventId !== undefined
      ? process.startEvents.find((event) => event.elementId === command.startEventId)
      : process.startEvents.find((event) => event.kind === 'none');
  if (!startEvent) return reject('TB_ENGINE_START_EVENT_NOT_FOUND', command.startEventId ?? 'none start event');
  const rootKey = '1';
  const initial: InstanceState = {
    stateVersion: STATE_VERSION,
    processId: process.id,
    status: 'active',
    startedAt: context.now,
    rootKey,
    nextKey: 2,
    elements: { [rootKey]: { key: rootKey, elementId: process.id, parentKey: null, role: 'process', phase: 'active', children: 0 } },
    variables: {},
    tasks: {},
    jobs: {},
    timers: {},
    subscriptions: {},
    calls: {},
    incidents: {},
    counters: { activations: 1, tasksCreated: 0, jobsCreated: 0, incidentsRaised: 0 },
  };
  if (command.called === true) initial.called = true;
  const draft = new Draft(initial);
  const x = new Execution(process, draft, context, env, EXECUTION_HOOKS, command.actor);
  const variables = normaliseVariables(command.variables);
  const root = x.instance(rootKey);
  x.record('instanceStarted', {
    elementId: process.id,
    elementType: 'bpmn:Process',
    elementInstanceId: rootKey,
    variables,
    details: { startEventId: startEvent.elementId, startEventKind: startEvent.kind },
  });
  x.recordElement('elementActivated', root);
  x.setLocals(rootKey, variables);
  x.enter(startEvent.elementId, rootKey);
  if (process.eventSubProcessIds.length > 0) listen(x, x.instance(rootKey), [], process.eventSubProcessIds);
  x.run();
  return { state: draft.state, effects: x.effects };
}

function apply(x: Execution, command: Exclude<Command, { type: 'start' }>): StepRejection | undefined {
  const state = x.draft.state;
  switch (command.type) {
    case 'completeTask': {
      const task = state.tasks[command.taskId];
      if (!task) return reject('TB_ENGINE_TASK_NOT_FOUND', command.taskId);
      const variables = normaliseVariables(command.variables);
      const instance = x.instance(task.elementKey);
      x.draft.remove('tasks', task.id);
      x.draft.patchElement(instance.key, { taskId: undefined });
      x.recordElement('taskCompleted', instance, { variables, details: { taskId: task.id } });
      x.complete(instance.key, { payload: variables });
      return undefined;
    }
    case 'completeJob': {
      const job = state.jobs[command.jobId];
      if (!job) return reject('TB_ENGINE_JOB_NOT_FOUND', command.jobId);
      if (job.state !== 'activatable') return reject('TB_ENGINE_JOB_NOT_ACTIVATABLE', command.jobId);
      const variables = normaliseVariables(command.variables);
      const instance = x.instance(job.elementKey);
      x.draft.remove('jobs', job.id);
      x.draft.patchElement(instance.key, { jobId: undefined });
      x.recordElement('jobCompleted', instance, { variables, details: { jobId: job.id, jobType: job.jobType } });
      x.complete(instance.key, { payload: variables });
      return undefined;
    }
    case 'failJob': {
      const job = state.jobs[command.jobId];
      if (!job) return reject('TB_ENGINE_JOB_NOT_FOUND', command.jobId);
      if (job.state !== 'activatable') return reject('TB_ENGINE_JOB_NOT_ACTIVATABLE', command.jobId);
      if (!Number.isFinite(command.retries)) return reject('TB_ENGINE_INVALID_COMMAND', 'retries must be a number');
      const instance = x.instance(job.elementKey);
      const retries = Math.max(0, Math.trunc(command.retries));
      x.recordElement('jobFailed', instance, { details: { jobId: job.id, retries, errorMessage: command.errorMessage } });
      if (retries > 0) {
        x.draft.put('jobs', job.id, { ...job, retries });
      } else {
        x.draft.put('jobs', job.id, { ...job, retries: 0, state: 'failed' });
        x.raiseIncident(instance, 'jobNoRetries', command.errorMessage || `job ${job.jobType} has no retries left`, 'job', { jobId: job.id });
      }
      return undefined;
    }
    case 'throwError': {
      const job = state.jobs[command.jobId];
      if (!job) return reject('TB_ENGINE_JOB_NOT_FOUND', command.jobId);
      if (job.state !== 'activatable') return reject('TB_ENGINE_JOB_NOT_ACTIVATABLE', command.jobId);
      const variables = normaliseVariables(command.variables);
      const instance = x.instance(job.elementKey);
      x.draft.remove('jobs', job.id);
      x.draft.patchElement(instance.key, { jobId: undefined });
      const source = x.instance(instance.key);
      if (
        !throwBpmnError(x, source, command.errorCode, command.errorMessage, variables, job.id) &&
        !escalateToCaller(x, source, command.errorCode, command.errorMessage, variables)
      ) {
        x.draft.put('jobs', job.id, { ...job, retries: 0, state: 'failed' });
        x.draft.patchElement(instance.key, { jobId: job.id });
        const reason = `no boundary or event subprocess catches error '${command.errorCode}'${command.errorMessage ? `: ${command.errorMessage}` : ''}`;
        x.raiseIncident(x.instance(instance.key), 'unhandledError', reason, 'job', { jobId: job.id });
      }
      return undefined;
    }
    case 'correlateMessage': {
      const subscription = state.subscriptions[command.subscriptionId];
      if (!subscription) return reject('TB_ENGINE_SUBSCRIPTION_NOT_FOUND', command.subscriptionId);
      const variables = normaliseVariables(command.variables);
      const owner = x.instance(subscription.ownerKey);
      if (!subscription.repeatable) consumeSubscription(x, subscription);
      x.record('messageCorrelated', {
        elementId: subscription.elementId,
        elementType: x.element(subscription.elementId).type,
        elementInstanceId: owner.key,
        variables,
        details: { subscriptionId: subscription.id, messageName: subscription.messageName, correlationKey: subscription.correlationKey },
      });
      trigger(x, subscription.role, owner.key, subscription.elementId, variables);
      return undefined;
    }
    case 'fireTimer': {
      const timer = state.timers[command.timerId];
      if (!timer) return reject('TB_ENGINE_TIMER_NOT_FOUND', command.timerId);
      const owner = x.instance(timer.ownerKey);
      consumeTimer(x, timer);
      x.record('timerFired', {
        elementId: timer.elementId,
        elementType: x.element(timer.elementId).type,
        elementInstanceId: owner.key,
        details: { timerId: timer.id, dueAt: timer.dueAt },
      });
      reschedule(x, timer);
      trigger(x, timer.role, owner.key, timer.elementId, {});
      return undefined;
    }
    case 'completeCallActivity': {
      const call = state.calls[command.callId];
      if (!call) return reject('TB_ENGINE_CALL_NOT_FOUND', command.callId);
      const variables = normaliseVariables(command.variables);
      const instance = x.instance(call.elementKey);
      x.draft.remove('calls', call.id);
      x.draft.patchElement(instance.key, { callId: undefined });
      x.recordElement('callActivityCompleted', instance, { variables, details: { callId: call.id, processId: call.processId } });
      const propagatePayload = x.element(instance.elementId).call?.propagateAllChildVariables !== false;
      x.complete(instance.key, { payload: variables, propagatePayload });
      return undefined;
    }
    case 'throwCallActivityError': {
      const call = state.calls[command.callId];
      if (!call) return reject('TB_ENGINE_CALL_NOT_FOUND', command.callId);
      const variables = normaliseVariables(command.variables);
      x.draft.remove('calls', call.id);
      x.draft.patchElement(call.elementKey, { callId: undefined });
      const source = x.instance(call.elementKey);
      if (
        !throwBpmnError(x, source, command.errorCode, command.errorMessage, variables) &&
        !escalateToCaller(x, source, command.errorCode, command.errorMessage, variables)
      ) {
        const reason = `no boundary or event subprocess catches error '${command.errorCode}' from the called process ${call.processId}`;
        x.raiseIncident(x.instance(call.elementKey), 'unhandledError', reason, 'activate');
      }
      return undefined;
    }
    case 'resolveIncident':
      return resolveIncident(x, command);
    case 'setVariables': {
      const variables = normaliseVariables(command.variables);
      x.setLocals(state.rootKey, variables);
      return undefined;
    }
    case 'cancel': {
      x.terminate(state.rootKey);
      x.draft.set('status', 'cancelled');
      x.draft.set('endedAt', x.now);
      x.emit({ type: 'instanceTerminated', status: 'cancelled', reason: command.reason });
      x.record('instanceCancelled', { elementId: state.processId, elementType: 'bpmn:Process', details: { reason: command.reason } });
      return undefined;
    }
    default:
      return reject('TB_ENGINE_INVALID_COMMAND', `unknown command type '${(command as { type: string }).type}'`);
  }
}

/** Dispatches a fired timer or correlated message to what it triggers. */
function trigger(x: Execution, role: OpenTimer['role'], ownerKey: string, elementId: string, payload: Payload): void {
  const owner = x.instance(ownerKey);
  switch (role) {
    case 'catch':
      x.complete(owner.key, { payload });
      return;
    case 'eventGateway':
      triggerEventGateway(x, owner, elementId, payload);
      return;
    case 'boundary':
      triggerBoundary(x, owner, x.element(elementId), payload);
      return;
    case 'eventSubProcess':
      triggerEventSubProcess(x, owner, x.element(elementId), payload);
      return;
  }
}

/** Schedules the next occurrence of a non-interrupting cycle (boundary or event subprocess start). */
function reschedule(x: Execution, fired: OpenTimer): void {
  if (fired.role !== 'boundary' && fired.role !== 'eventSubProcess') return;
  if (x.element(fired.elementId).interrupting !== false) return;
  const next = nextOccurrence(x, fired);
  if (next) commitTimer(x, x.instance(fired.ownerKey), fired.elementId, fired.role, next);
}

function resolveIncident(x: Execution, command: Extract<Command, { type: 'resolveIncident' }>): StepRejection | undefined {
  const incident = x.draft.state.incidents[command.incidentId];
  if (!incident) return reject('TB_ENGINE_INCIDENT_NOT_FOUND', command.incidentId);
  const instance = x.instance(incident.elementKey);
  if (incident.retry === 'job') {
    const retries = command.retries ?? 1;
    if (!Number.isInteger(retries) || retries < 1) return reject('TB_ENGINE_INVALID_COMMAND', 'retries must be a whole number of at least 1');
    const job = x.draft.state.jobs[incident.jobId!];
    if (!job) throw new Error(`invariant: incident ${incident.id} refers to missing job ${incident.jobId}`);
    x.resolveIncidentRecord(incident.id);
    x.draft.put('jobs', job.id, { ...job, retries, state: 'activatable' });
    x.draft.patchElement(instance.key, { phase: 'active', incidentId: undefined });
    x.emit({ type: 'jobRetriesUpdated', jobId: job.id, retries });
    x.recordElement('jobRetriesUpdated', x.instance(instance.key), { details: { jobId: job.id, retries } });
    return undefined;
  }
  x.resolveIncidentRecord(incident.id);
  if (incident.retry === 'activate') {
    if (instance.role === 'process') {
      x.draft.patchElement(instance.key, { phase: 'active', incidentId: undefined });
      if (listen(x, x.instance(instance.key), [], x.process.eventSubProcessIds)) x.checkScope(instance.key);
      return undefined;
    }
    x.draft.patchElement(instance.key, { phase: 'activating', incidentId: undefined });
    x.activateLater(instance.key, incident.payload, true);
    return undefined;
  }
  x.draft.patchElement(instance.key, { phase: 'active', incidentId: undefined });
  if (instance.role === 'body') x.advanceBodyLater(instance.key);
  else x.completeLater(instance.key, { payload: incident.payload, propagatePayload: incident.propagatePayload !== false });
  return undefined;
}
