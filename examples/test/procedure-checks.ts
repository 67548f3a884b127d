import { evaluate, parseExpression } from 'feelin';
import type { Item } from '@tongban/schemas';
import { extensionOf, headersOf, parseBpmn, type ModdleElement } from './bpmn-helpers';

const ROLES = new Set(['acceptance-clerk', 'reviewer', 'decider', 'clerk']);
const STAGES = new Set(['accept', 'review', 'decide', 'close', 'deliver']);
const SERVICE_TYPES = new Set(['tongban.review-assistant', 'tongban.licence-issue', 'tongban.notify', 'tongban.follow-on']);
const RESULTS = new Set(['approved', 'rejected', 'not-accepted']);
/** BPMN elements the engine executes (ARCHITECTURE.md); anything else must not appear. */
const SUPPORTED = new Set([
  'bpmn:StartEvent', 'bpmn:EndEvent', 'bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:ScriptTask', 'bpmn:ReceiveTask',
  'bpmn:ExclusiveGateway', 'bpmn:ParallelGateway', 'bpmn:InclusiveGateway', 'bpmn:EventBasedGateway',
  'bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent', 'bpmn:SubProcess', 'bpmn:CallActivity', 'bpmn:SequenceFlow',
]);

/** Parses FEEL without its leading `=`. */
export const parseFeel = (expression: string) => parseExpression(expression.replace(/^=/, ''), {}, undefined);

/** Every field key of a form-js schema that becomes a variable (keys and dynamic-list paths, through groups). */
export function formKeys(components: unknown[]): string[] {
  const keys: string[] = [];
  for (const component of components as { key?: string; path?: string; components?: unknown[]; type: string }[]) {
    if (component.key) keys.push(component.key);
    if (component.type === 'dynamiclist' && component.path) keys.push(component.path);
    else if (component.components) keys.push(...formKeys(component.components));
  }
  return keys;
}

/** Variables a FEEL expression reads that are not among `known`. */
export function unknownVariables(expression: string, known: string[]): string[] {
  const context = Object.fromEntries(known.map((key) => [key, null]));
  const { warnings } = evaluate(expression.replace(/^=/, ''), context) as { warnings: { type: string; message: string }[] };
  return warnings.filter((warning) => warning.type === 'NO_VARIABLE_FOUND').map((warning) => warning.message);
}

/**
 * Problems of an item's procedure against the conventions the runtime follows (brief of issue #2): supported
 * elements only, diagram interchange for every element, stage headers and candidate groups on user tasks, task
 * forms declared by the item, due dates within stage limits, known service task types, the supplement message,
 * FEEL conditions that parse, default flows on deciding gateways and a `result` property on every plain end.
 */
export async function procedureProblems(item: Item, bpmn: string, knownItemCodes: readonly string[] = []): Promise<string[]> {
  const problems: string[] = [];
  const { warnings, process, elements, diagramIds } = await parseBpmn(bpmn);
  for (const warning of warnings) problems.push(`moddle: ${warning.message}`);
  if (process.id !== item.procedure.processId) problems.push(`process id ${process.id} is not ${item.procedure.processId}`);
  const taskForms = new Set(item.forms.filter((form) => form.purpose === 'task').map((form) => form.id));
  const byType = (type: string) => elements.filter((element) => element.$type === type);
  for (const element of elements) {
    if (!SUPPORTED.has(element.$type)) problems.push(`${element.id}: unsupported ${element.$type}`);
    if (!diagramIds.has(element.id)) problems.push(`${element.id}: no BPMNDI`);
  }
  for (const task of byType('bpmn:UserTask')) {
    const headers = headersOf(task);
    if (!STAGES.has(headers.stage ?? '')) problems.push(`${task.id}: stage header ${headers.stage}`);
    const groups = extensionOf(task, 'zeebe:AssignmentDefinition')?.candidateGroups ?? '';
    if (!ROLES.has(groups)) problems.push(`${task.id}: candidate groups ${groups}`);
    const formId = extensionOf(task, 'zeebe:FormDefinition')?.formId;
    if (formId && !taskForms.has(formId)) problems.push(`${task.id}: form ${formId} not declared as a task form`);
    const due = extensionOf(task, 'zeebe:TaskSchedule')?.dueDate;
    if (due) {
      const days = Number(/^=addWorkingDays\(now\(\), (\d+)\)$/.exec(due)?.[1]);
      const limit = item.stageTimeLimitsDays?.[headers.stage as 'accept'];
      if (limit === undefined || !(days <= limit)) problems.push(`${task.id}: due ${due} outside stage limit ${limit}`);
    }
  }
  for (const task of byType('bpmn:ServiceTask')) {
    const type = extensionOf(task, 'zeebe:TaskDefinition')?.type ?? '';
    if (!SERVICE_TYPES.has(type)) problems.push(`${task.id}: task type ${type}`);
    if (type === 'tongban.licence-issue' && !item.licenceIssued) problems.push(`${task.id}: issues a licence but the item has no licenceIssued`);
    if (type === 'tongban.follow-on') {
      for (const code of (headersOf(task).items ?? '').split(',')) if (!knownItemCodes.includes(code)) problems.push(`${task.id}: unknown follow-on item ${code}`);
    }
  }
  if (item.licenceIssued && !elements.some((e) => extensionOf(e, 'zeebe:TaskDefinition')?.type === 'tongban.licence-issue')) {
    problems.push('the item issues a licence but no tongban.licence-issue task does');
  }
  for (const task of byType('bpmn:ReceiveTask')) {
    const subscription = task.messageRef?.extensionElements?.values.find((v) => v.$type === 'zeebe:Subscription');
    if (task.messageRef?.name !== 'supplement' || subscription?.correlationKey !== '=applicationNumber') problems.push(`${task.id}: message`);
  }
  const flows = byType('bpmn:SequenceFlow');
  for (const flow of flows.filter((f) => f.conditionExpression)) {
    const body = flow.conditionExpression!.body;
    if (!body.startsWith('=')) problems.push(`${flow.id}: condition without =`);
    try {
      parseFeel(body);
    } catch {
      problems.push(`${flow.id}: condition does not parse`);
    }
  }
  const outgoing = (node: ModdleElement) => flows.filter((f) => f.sourceRef?.id === node.id);
  for (const gateway of byType('bpmn:ExclusiveGateway')) {
    if (outgoing(gateway).length > 1 && !gateway.default) problems.push(`${gateway.id}: no default flow`);
  }
  const topEnds = (process.flowElements ?? []).filter((e) => e.$type === 'bpmn:EndEvent');
  const results = topEnds.map((end) => extensionOf(end, 'zeebe:Properties')?.properties?.find((p) => p.name === 'result')?.value);
  if (!results.includes('approved')) problems.push('no end event with result approved');
  topEnds.forEach((end, i) => {
    if (!RESULTS.has(results[i] ?? '')) problems.push(`${end.id}: result property ${results[i]}`);
  });
  return problems;
}
