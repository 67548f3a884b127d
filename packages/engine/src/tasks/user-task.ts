/** User tasks: a work item for people, with assignment, form, headers (such as `stage`) and schedule. */
import type { ElementBehavior, Execution } from '../behaviors/execution.js';
import { isExpression, toJsonValue } from '../behaviors/feel.js';
import { formatInstant, parseInstant } from '../behaviors/time.js';
import type { ElementCompiler } from '../compile/context.js';
import { readUserTask } from '../compile/moddle.js';
import type { Effect } from '../types/effect.js';
import type { ElementInstance } from '../types/state.js';

/** Compiles `bpmn:UserTask` (Camunda user task or job-based: both run as a task here). */
export const compileUserTask: ElementCompiler = (element) => ({ kind: 'userTask', userTask: readUserTask(element) });

type Evaluated<T> = { ok: true; value: T } | { ok: false };

function fail(x: Execution, instance: ElementInstance, what: string, message: string, kind: 'expressionFailed' | 'invalidValue'): { ok: false } {
  x.raiseIncident(instance, kind, `${what}: ${message}`, 'activate');
  return { ok: false };
}

function evaluateList(x: Execution, instance: ElementInstance, what: string, value: string | undefined): Evaluated<string[]> {
  if (value === undefined) return { ok: true, value: [] };
  if (!isExpression(value)) return { ok: true, value: splitList(value) };
  const outcome = x.evaluateValue(value, instance.key);
  if (!outcome.ok) return fail(x, instance, what, outcome.message, 'expressionFailed');
  const result = toJsonValue(outcome.value);
  if (result === null) return { ok: true, value: [] };
  if (typeof result === 'string') return { ok: true, value: splitList(result) };
  if (Array.isArray(result) && result.every((entry) => typeof entry === 'string')) return { ok: true, value: result as string[] };
  return fail(x, instance, what, `'${value}' evaluated to ${JSON.stringify(result)}, not a list of strings`, 'invalidValue');
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function evaluateText(x: Execution, instance: ElementInstance, what: string, value: string | undefined): Evaluated<string | undefined> {
  if (value === undefined) return { ok: true, value: undefined };
  const outcome = x.evaluateValue(value, instance.key);
  if (!outcome.ok) return fail(x, instance, what, outcome.message, 'expressionFailed');
  const result = toJsonValue(outcome.value);
  if (result === null || result === '') return { ok: true, value: undefined };
  if (typeof result === 'string' || typeof result === 'number') return { ok: true, value: String(result) };
  return fail(x, instance, what, `'${value}' evaluated to ${JSON.stringify(result)}, not a string`, 'invalidValue');
}

function evaluateInstant(x: Execution, instance: ElementInstance, what: string, value: string | undefined): Evaluated<string | undefined> {
  const textValue = evaluateText(x, instance, what, value);
  if (!textValue.ok || textValue.value === undefined) return textValue;
  const ms = parseInstant(textValue.value, x.env.utcOffsetMinutes);
  if (ms === null) return fail(x, instance, what, `'${textValue.value}' is not an ISO-8601 date-time`, 'invalidValue');
  return { ok: true, value: formatInstant(ms) };
}

/**
 * Evaluates assignment, schedule and priority (a failure raises one incident and creates nothing), then creates
 * the task and waits for `completeTask`.
 */
export const userTaskBehavior: ElementBehavior = {
  activate(x, instance, element) {
    const spec = element.userTask!;
    const assignee = evaluateText(x, instance, 'assignee', spec.assignee);
    if (!assignee.ok) return;
    const candidateGroups = evaluateList(x, instance, 'candidate groups', spec.candidateGroups);
    if (!candidateGroups.ok) return;
    const candidateUsers = evaluateList(x, instance, 'candidate users', spec.candidateUsers);
    if (!candidateUsers.ok) return;
    const dueDate = evaluateInstant(x, instance, 'due date', spec.dueDate);
    if (!dueDate.ok) return;
    const followUpDate = evaluateInstant(x, instance, 'follow-up date', spec.followUpDate);
    if (!followUpDate.ok) return;
    const priorityText = evaluateText(x, instance, 'priority', spec.priority);
    if (!priorityText.ok) return;
    let priority: number | undefined;
    if (priorityText.value !== undefined) {
      priority = Number(priorityText.value);
      if (!Number.isInteger(priority) || priority < 0 || priority > 100) {
        fail(x, instance, 'priority', `'${priorityText.value}' is not a whole number from 0 to 100`, 'invalidValue');
        return;
      }
    }
    const id = x.newId();
    x.draft.put('tasks', id, { id, elementId: element.id, elementKey: instance.key, createdAt: x.now });
    x.draft.patchElement(instance.key, { taskId: id });
    x.draft.state.counters.tasksCreated += 1;
    const effect: Extract<Effect, { type: 'taskCreated' }> = {
      type: 'taskCreated',
      taskId: id,
      elementId: element.id,
      candidateGroups: candidateGroups.value,
      candidateUsers: candidateUsers.value,
      headers: { ...element.headers },
      variables: { ...x.draft.local(instance.key) },
    };
    if (element.name !== undefined) effect.name = element.name;
    if (assignee.value !== undefined) effect.assignee = assignee.value;
    if (spec.form) {
      const form: NonNullable<typeof effect.form> = {};
      if (spec.form.formId !== undefined) form.formId = spec.form.formId;
      if (spec.form.formKey !== undefined) form.formKey = spec.form.formKey;
      if (spec.form.externalReference !== undefined) form.externalReference = spec.form.externalReference;
      if (spec.form.bindingType !== undefined) form.bindingType = spec.form.bindingType;
      if (spec.form.versionTag !== undefined) form.versionTag = spec.form.versionTag;
      effect.form = form;
    }
    if (dueDate.value !== undefined) effect.dueDate = dueDate.value;
    if (followUpDate.value !== undefined) effect.followUpDate = followUpDate.value;
    if (priority !== undefined) effect.priority = priority;
    x.emit(effect);
    x.record('taskCreated', {
      elementId: element.id,
      elementType: element.type,
      elementInstanceId: instance.key,
      details: { taskId: id, candidateGroups: effect.candidateGroups, ...(effect.assignee ? { assignee: effect.assignee } : {}) },
    });
  },
};
