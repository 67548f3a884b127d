/**
 * Invariants of an instance state, and a replay of the history into the parts of the state it describes.
 * Used by the property test; each check returns the list of violations (empty when all hold).
 */
import type { CompiledDefinition, HistoryEvent, InstanceState } from '../../src/index.js';

/** Structural invariants: the token tree, counters and the links between records and tokens. */
export function checkState(definition: CompiledDefinition, state: InstanceState): string[] {
  const problems: string[] = [];
  const elements = Object.values(state.elements);
  const process = definition.processes.find((candidate) => candidate.id === state.processId)!;
  if (state.status === 'active' && !state.elements[state.rootKey]) problems.push('active instance without root');
  if (state.status !== 'active') {
    for (const map of ['elements', 'tasks', 'jobs', 'timers', 'subscriptions', 'calls', 'incidents'] as const) {
      if (Object.keys(state[map]).length > 0) problems.push(`ended instance still has ${map}`);
    }
  }
  for (const instance of elements) {
    if (instance.parentKey !== null && !state.elements[instance.parentKey]) problems.push(`${instance.key} (${instance.elementId}) has no parent`);
    const children = elements.filter((child) => child.parentKey === instance.key).length;
    if (children !== instance.children) problems.push(`${instance.key} counts ${instance.children} children, has ${children}`);
    if (instance.phase === 'activating') problems.push(`${instance.key} (${instance.elementId}) was never activated`);
    if (instance.taskId && state.tasks[instance.taskId]?.elementKey !== instance.key) problems.push(`${instance.key} points to a missing task`);
    if (instance.jobId && state.jobs[instance.jobId]?.elementKey !== instance.key) problems.push(`${instance.key} points to a missing job`);
    if (instance.incidentId && state.incidents[instance.incidentId]?.elementKey !== instance.key) problems.push(`${instance.key} points to a missing incident`);
    for (const timerId of instance.timerIds ?? []) if (state.timers[timerId]?.ownerKey !== instance.key) problems.push(`${instance.key} points to a missing timer`);
    // a leaf token must wait on something, or it is lost
    const element = process.elements[instance.elementId];
    const isScope = instance.role === 'process' || instance.role === 'body' || element?.kind === 'subProcess' || element?.kind === 'eventSubProcess';
    const waits = instance.taskId || instance.jobId || instance.callId || instance.incidentId || instance.timerIds?.length || instance.subscriptionIds?.length;
    if (!isScope && !waits) problems.push(`${instance.key} (${instance.elementId}) waits on nothing`);
    if (isScope && instance.role !== 'process' && instance.children === 0 && !instance.joins && !instance.incidentId) {
      problems.push(`scope ${instance.key} (${instance.elementId}) has no tokens but did not complete`);
    }
  }
  for (const task of Object.values(state.tasks)) if (state.elements[task.elementKey]?.taskId !== task.id) problems.push(`task ${task.id} has no live token`);
  for (const job of Object.values(state.jobs)) if (state.elements[job.elementKey]?.jobId !== job.id) problems.push(`job ${job.id} has no live token`);
  for (const timer of Object.values(state.timers)) if (!state.elements[timer.ownerKey]?.timerIds?.includes(timer.id)) problems.push(`timer ${timer.id} has no live owner`);
  for (const subscription of Object.values(state.subscriptions)) {
    if (!state.elements[subscription.ownerKey]?.subscriptionIds?.includes(subscription.id)) problems.push(`subscription ${subscription.id} has no live owner`);
  }
  for (const incident of Object.values(state.incidents)) if (state.elements[incident.elementKey]?.incidentId !== incident.id) problems.push(`incident ${incident.id} has no live token`);
  return problems;
}

/** What the history says the state is: live tokens, variables and open work. */
export interface Projection {
  elements: Record<string, string>;
  variables: Record<string, Record<string, unknown>>;
  tasks: string[];
  jobs: string[];
  timers: string[];
  subscriptions: string[];
  incidents: string[];
  status: string;
}

/** Folds history events into a {@link Projection}. */
export function replayHistory(events: readonly HistoryEvent[]): Projection {
  const elements: Record<string, string> = {};
  const variables: Record<string, Record<string, unknown>> = {};
  const open = { tasks: new Set<string>(), jobs: new Set<string>(), timers: new Set<string>(), subscriptions: new Set<string>(), incidents: new Set<string>() };
  let status = 'active';
  let rootKey = '';
  const id = (event: HistoryEvent, field: string): string => String(event.details?.[field]);
  for (const event of events) {
    switch (event.kind) {
      case 'instanceStarted':
        rootKey = event.elementInstanceId!;
        break;
      case 'elementActivated':
        elements[event.elementInstanceId!] = event.elementId!;
        break;
      case 'elementCompleted':
      case 'elementTerminated':
        delete elements[event.elementInstanceId!];
        if (event.elementInstanceId !== rootKey) delete variables[event.elementInstanceId!];
        break;
      case 'variablesChanged':
        variables[event.scopeId!] = { ...variables[event.scopeId!], ...event.variables };
        break;
      case 'taskCreated':
        open.tasks.add(id(event, 'taskId'));
        break;
      case 'taskCompleted':
      case 'taskCancelled':
        open.tasks.delete(id(event, 'taskId'));
        break;
      case 'jobCreated':
        open.jobs.add(id(event, 'jobId'));
        break;
      case 'jobCompleted':
      case 'jobCancelled':
        open.jobs.delete(id(event, 'jobId'));
        break;
      case 'timerScheduled':
        open.timers.add(id(event, 'timerId'));
        break;
      case 'timerFired':
      case 'timerCancelled':
        open.timers.delete(id(event, 'timerId'));
        break;
      case 'subscriptionOpened':
        open.subscriptions.add(id(event, 'subscriptionId'));
        break;
      case 'messageCorrelated':
      case 'subscriptionClosed':
        open.subscriptions.delete(id(event, 'subscriptionId'));
        break;
      case 'incidentRaised':
        open.incidents.add(id(event, 'incidentId'));
        break;
      case 'incidentResolved':
        open.incidents.delete(id(event, 'incidentId'));
        break;
      case 'instanceCompleted':
        status = 'completed';
        break;
      case 'instanceTerminated':
        status = 'terminated';
        break;
      case 'instanceCancelled':
        status = 'cancelled';
        break;
      default:
        break;
    }
  }
  const sorted = (set: Set<string>): string[] => [...set].sort();
  return {
    elements,
    variables,
    tasks: sorted(open.tasks),
    jobs: sorted(open.jobs),
    timers: sorted(open.timers),
    subscriptions: sorted(open.subscriptions),
    incidents: sorted(open.incidents),
    status,
  };
}

/** The same view, read from a state. */
export function projectState(state: InstanceState): Projection {
  const elements: Record<string, string> = {};
  for (const instance of Object.values(state.elements)) elements[instance.key] = instance.elementId;
  const variables: Record<string, Record<string, unknown>> = {};
  for (const [scope, values] of Object.entries(state.variables)) if (Object.keys(values).length > 0) variables[scope] = values;
  return {
    elements,
    variables,
    tasks: Object.keys(state.tasks).sort(),
    jobs: Object.keys(state.jobs).sort(),
    timers: Object.keys(state.timers).sort(),
    subscriptions: Object.keys(state.subscriptions).sort(),
    incidents: Object.keys(state.incidents).sort(),
    status: state.status,
  };
}
