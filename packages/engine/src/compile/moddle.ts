/**
 * Reading the moddle tree: parsing with the Zeebe extension, and typed access to `zeebe:*` extension elements.
 * Used only at compile time.
 */
import { BpmnModdle, type ModdleElement, type ParseWarning } from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import type { FormReference, JobSpec, MultiInstanceSpec, UserTaskSpec, VariableMapping } from '../types/definition.js';

export type { ModdleElement };

/** The result of parsing BPMN XML. */
export type ParsedDocument =
  | { ok: true; definitions: ModdleElement; warnings: ParseWarning[] }
  | { ok: false; reason: string };

/** Parses BPMN 2.0 XML with the Zeebe extension; never throws. */
export async function parseBpmn(xml: string): Promise<ParsedDocument> {
  try {
    const moddle = new BpmnModdle({ zeebe: zeebeSchema });
    const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
    return { ok: true, definitions: rootElement, warnings };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** A string property of a moddle element, trimmed; `undefined` when absent or blank. */
export function text(element: ModdleElement | undefined, property: string): string | undefined {
  const value = element?.[property];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A list property of a moddle element (empty when absent). */
export function list(element: ModdleElement | undefined, property: string): ModdleElement[] {
  const value = element?.[property];
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
}

/** A reference or child property holding one element. */
export function one(element: ModdleElement | undefined, property: string): ModdleElement | undefined {
  const value = element?.[property];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as ModdleElement) : undefined;
}

/** The body of a formal expression child (condition, timer value, completion condition). */
export function expressionText(element: ModdleElement | undefined): string | undefined {
  return text(element, 'body');
}

/** The extension elements of a given type, e.g. `zeebe:IoMapping`. */
export function extensions(element: ModdleElement | undefined, type: string): ModdleElement[] {
  const container = one(element, 'extensionElements');
  return list(container, 'values').filter((value) => value.$type === type);
}

/** The first extension element of a type. */
export function extension(element: ModdleElement | undefined, type: string): ModdleElement | undefined {
  return extensions(element, type)[0];
}

/** Every extension element type used on an element (to spot ones the engine ignores). */
export function extensionTypes(element: ModdleElement | undefined): string[] {
  return list(one(element, 'extensionElements'), 'values').map((value) => value.$type);
}

/** `zeebe:ioMapping` inputs and outputs. */
export function readIoMapping(element: ModdleElement): { inputs: VariableMapping[]; outputs: VariableMapping[]; broken: string[] } {
  const inputs: VariableMapping[] = [];
  const outputs: VariableMapping[] = [];
  const broken: string[] = [];
  for (const mapping of extensions(element, 'zeebe:IoMapping')) {
    for (const [property, into] of [['inputParameters', inputs], ['outputParameters', outputs]] as const) {
      for (const parameter of list(mapping, property)) {
        const target = text(parameter, 'target');
        const source = typeof parameter.source === 'string' ? parameter.source : undefined;
        if (!target) {
          broken.push(`${property === 'inputParameters' ? 'input' : 'output'} without target`);
          continue;
        }
        into.push({ source: source ?? '=null', target });
      }
    }
  }
  return { inputs, outputs, broken };
}

/** `zeebe:taskHeaders` as a record. */
export function readHeaders(element: ModdleElement): Record<string, string> | undefined {
  const headers: Record<string, string> = {};
  let any = false;
  for (const container of extensions(element, 'zeebe:TaskHeaders')) {
    for (const header of list(container, 'values')) {
      const key = text(header, 'key');
      if (key === undefined) continue;
      headers[key] = typeof header.value === 'string' ? header.value : '';
      any = true;
    }
  }
  return any ? headers : undefined;
}

/** `zeebe:properties` as a record. */
export function readProperties(element: ModdleElement): Record<string, string> | undefined {
  const properties: Record<string, string> = {};
  let any = false;
  for (const container of extensions(element, 'zeebe:Properties')) {
    for (const property of list(container, 'properties')) {
      const name = text(property, 'name');
      if (name === undefined) continue;
      properties[name] = typeof property.value === 'string' ? property.value : '';
      any = true;
    }
  }
  return any ? properties : undefined;
}

/** `zeebe:taskDefinition`; `undefined` when absent or without a type. Retries default to 3, as in Zeebe. */
export function readJob(element: ModdleElement): JobSpec | undefined {
  const definition = extension(element, 'zeebe:TaskDefinition');
  const type = text(definition, 'type');
  if (type === undefined) return undefined;
  return { type, retries: text(definition, 'retries') ?? '3' };
}

const EMBEDDED_FORM_PREFIX = 'camunda-forms:bpmn:';

/** User task assignment, schedule, priority and form. */
export function readUserTask(element: ModdleElement): UserTaskSpec {
  const assignment = extension(element, 'zeebe:AssignmentDefinition');
  const schedule = extension(element, 'zeebe:TaskSchedule');
  const priority = extension(element, 'zeebe:PriorityDefinition');
  const formDefinition = extension(element, 'zeebe:FormDefinition');
  const spec: UserTaskSpec = { zeebeUserTask: extension(element, 'zeebe:UserTask') !== undefined };
  const assign = (key: keyof UserTaskSpec, value: string | undefined): void => {
    if (value !== undefined) (spec as unknown as Record<string, unknown>)[key] = value;
  };
  assign('assignee', text(assignment, 'assignee'));
  assign('candidateGroups', text(assignment, 'candidateGroups'));
  assign('candidateUsers', text(assignment, 'candidateUsers'));
  assign('dueDate', text(schedule, 'dueDate'));
  assign('followUpDate', text(schedule, 'followUpDate'));
  assign('priority', text(priority, 'priority'));
  if (formDefinition) {
    const form: FormReference = {};
    const formKey = text(formDefinition, 'formKey');
    for (const key of ['formId', 'formKey', 'externalReference', 'bindingType', 'versionTag'] as const) {
      const value = text(formDefinition, key);
      if (value !== undefined) form[key] = value;
    }
    // zeebe-bpmn-moddle reports the schema default `latest` even when the attribute is absent.
    if (form.bindingType === 'latest') delete form.bindingType;
    if (formKey?.startsWith(EMBEDDED_FORM_PREFIX)) form.embeddedFormId = formKey.slice(EMBEDDED_FORM_PREFIX.length);
    if (Object.keys(form).length > 0) spec.form = form;
  }
  return spec;
}

/** `zeebe:loopCharacteristics` plus the BPMN sequential flag and completion condition. */
export function readMultiInstance(loop: ModdleElement): { spec?: MultiInstanceSpec; problems: string[] } {
  const zeebe = extension(loop, 'zeebe:LoopCharacteristics');
  const inputCollection = text(zeebe, 'inputCollection');
  const problems: string[] = [];
  if (one(loop, 'loopCardinality') && !inputCollection) problems.push('loopCardinality is not supported; use zeebe:loopCharacteristics inputCollection');
  if (!inputCollection) {
    problems.push('multi-instance needs zeebe:loopCharacteristics inputCollection');
    return { problems };
  }
  const strip = (value: string): string => (value.trimStart().startsWith('=') ? value.trimStart().slice(1).trim() : value);
  const spec: MultiInstanceSpec = { sequential: loop.isSequential === true, inputCollection: strip(inputCollection) };
  const inputElement = text(zeebe, 'inputElement');
  const outputCollection = text(zeebe, 'outputCollection');
  const outputElement = text(zeebe, 'outputElement');
  const completion = expressionText(one(loop, 'completionCondition'));
  if (inputElement) spec.inputElement = inputElement;
  if (outputCollection) spec.outputCollection = outputCollection;
  if (outputElement) spec.outputElement = strip(outputElement);
  if (completion) spec.completionCondition = strip(completion);
  if ((outputCollection === undefined) !== (outputElement === undefined)) {
    problems.push('outputCollection and outputElement must be set together');
  }
  return { spec, problems };
}

/** `zeebe:calledElement`. */
export function readCalledElement(element: ModdleElement): { processId?: string; propagateAllChildVariables: boolean; propagateAllParentVariables: boolean } {
  const called = extension(element, 'zeebe:CalledElement');
  const processId = text(called, 'processId') ?? text(called, 'processIdExpression');
  const result: { processId?: string; propagateAllChildVariables: boolean; propagateAllParentVariables: boolean } = {
    propagateAllChildVariables: called?.propagateAllChildVariables !== false,
    propagateAllParentVariables: called?.propagateAllParentVariables !== false,
  };
  if (processId !== undefined) result.processId = processId;
  return result;
}
