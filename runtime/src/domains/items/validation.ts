import { createHash } from 'node:crypto';
import { compileDefinition, type CompileResult, type CompiledDefinition, type CompiledElement, type CompiledProcess } from '@tongban/engine';
import { checkFormDefinition, feelVariableNames, findFeelSyntaxError, formVariables, listFormFields, type FormSchema } from '@tongban/forms';
import { validate, type Item } from '@tongban/schemas';
import { FEEL_FUNCTION_NAMES } from '../../engine/context';
import { escape, problem, toReport, type ProblemLocation, type ValidationProblem, type ValidationReport } from './report';

/** What regions may do with an item (issue #5 point 6); stored with the version, immutable once published. */
export interface ImplementationPolicy {
  /** Regions may add materials to the checklist (default false: Administrative Licensing Law Art. 31 forbids unrelated materials). */
  allowExtraMaterials: boolean;
  /** Regions may reduce or waive the standard's fees (never add or raise a charge). Default true. */
  allowFeeReduction: boolean;
}

/** The policy of a version that states none. */
export const DEFAULT_IMPLEMENTATION_POLICY: ImplementationPolicy = { allowExtraMaterials: false, allowFeeReduction: true };

/** The content of an item version: the item document, its procedure and its forms by id. */
export interface VersionBundle {
  item: unknown;
  bpmn: string;
  forms: Record<string, unknown>;
  implementationPolicy?: ImplementationPolicy;
}

/** Catalogue facts validation checks references against (read by the caller; validation touches no database). */
export interface ValidationLookups {
  licenceTypes: ReadonlySet<string>;
  departments: ReadonlySet<string>;
  items: ReadonlySet<string>;
  subCategories: ReadonlySet<string>;
}

/** Process variables the runtime sets at intake (applications/service.ts), besides the application form's fields. */
export const RUNTIME_VARIABLES = ['applicationNumber', 'itemCode', 'regionCode', 'channel', 'applicant', 'materials'] as const;

/** Variables the built-in job types return, and those the runtime sets on messages and task completions. */
export const JOB_OUTPUTS: Readonly<Record<string, readonly string[]>> = {
  'tongban.review-assistant': ['reviewResult', 'reviewFindings'],
  'tongban.licence-issue': ['licenceId'],
  'tongban.notify': ['notified'],
  'tongban.follow-on': ['followOnApplications'],
};
export const MESSAGE_VARIABLES: Readonly<Record<string, readonly string[]>> = {
  supplement: ['supplementedMaterials', 'supplementRound', 'missingMaterialIds'],
};
/** Set by a task completed with outcome `supplement` (applications/service.ts). */
const TASK_COMPLETION_VARIABLES = ['missingMaterialIds'];
const MULTI_INSTANCE_VARIABLES = ['loopCounter', 'numberOfInstances', 'numberOfActiveInstances', 'numberOfCompletedInstances', 'numberOfTerminatedInstances'];

/** The stages of an application (DOMAIN.md) a task header `stage` may name. */
export const STAGES = ['accept', 'review', 'decide', 'close', 'deliver'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const rootOf = (name: string) => name.split('.')[0]!;

/** The variable a user task's outcome is written to (applications/outcomes.ts). */
function outcomeVariableOf(element: CompiledElement): string | undefined {
  const headers = element.headers ?? {};
  if (headers.outcomeVariable) return headers.outcomeVariable;
  return headers.stage ? `${headers.stage}Outcome` : undefined;
}

/** The FEEL expressions of an element, each with the property it sits in (expressions without the leading `=`). */
function elementExpressions(element: CompiledElement): Array<{ property: string; expression: string }> {
  const out: Array<{ property: string; expression: string }> = [];
  const feel = (property: string, value: string | undefined) => {
    if (value && value.startsWith('=')) out.push({ property, expression: value.slice(1) });
  };
  element.inputs?.forEach((mapping, index) => feel(`inputs/${index}/source`, mapping.source));
  const task = element.userTask;
  if (task) {
    for (const property of ['assignee', 'candidateGroups', 'candidateUsers', 'dueDate', 'followUpDate', 'priority'] as const) feel(property, task[property]);
  }
  if (element.job) {
    feel('job/type', element.job.type);
    feel('job/retries', element.job.retries);
  }
  const event = element.event;
  if (event?.kind === 'message') {
    feel('messageName', event.messageName);
    feel('correlationKey', event.correlationKey);
  }
  if (event?.kind === 'timer') feel('timer', event.timer.expression);
  if (element.script) out.push({ property: 'script', expression: element.script.expression });
  if (element.call) feel('calledElement', element.call.processId);
  if (element.multiInstance) {
    out.push({ property: 'multiInstance/inputCollection', expression: element.multiInstance.inputCollection });
    if (element.multiInstance.completionCondition) out.push({ property: 'multiInstance/completionCondition', expression: element.multiInstance.completionCondition });
    if (element.multiInstance.outputElement) out.push({ property: 'multiInstance/outputElement', expression: element.multiInstance.outputElement });
  }
  return out;
}

/** Variables an element declares: mapping targets, script results, multi-instance elements and collections. */
function declaredVariables(element: CompiledElement): string[] {
  const names: string[] = [];
  element.inputs?.forEach((mapping) => names.push(rootOf(mapping.target)));
  element.outputs?.forEach((mapping) => names.push(rootOf(mapping.target)));
  if (element.script) names.push(element.script.resultVariable);
  if (element.multiInstance) {
    if (element.multiInstance.inputElement) names.push(element.multiInstance.inputElement);
    if (element.multiInstance.outputCollection) names.push(element.multiInstance.outputCollection);
    names.push(...MULTI_INSTANCE_VARIABLES);
  }
  return names;
}

/**
 * A small memo of results computed from content (forms, FEEL expressions), keyed by the content's text: catalogue
 * items share template forms, and the designer validates the same content again and again.
 */
class Memo<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly capacity: number) {}
  get(key: string, compute: () => T): T {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = compute();
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, value);
    }
    return value;
  }
}
const formFacts = new Memo<{ outputs: string[]; keys: string[] }>(500);
const formProblems = new Memo<ReturnType<typeof checkFormDefinition>>(500);
const feelNames = new Memo<string[]>(5000);
const formKey = (form: unknown) => createHash('sha256').update(JSON.stringify(form) ?? 'undefined').digest('hex');

/** Top-level keys a form writes, and the keys of all its value fields; empty for a form too broken to read. */
function factsOf(form: unknown): { outputs: string[]; keys: string[] } {
  return formFacts.get(formKey(form), () => {
    try {
      return {
        outputs: formVariables(form as FormSchema).outputs,
        keys: listFormFields(form as FormSchema).flatMap((field) => (field.key ? [field.key] : [])),
      };
    } catch {
      return { outputs: [], keys: [] };
    }
  });
}
const formOutputs = (form: unknown) => factsOf(form).outputs;
const fieldKeys = (form: unknown) => factsOf(form).keys;
const variableNames = (expression: string) => feelNames.get(expression, () => feelVariableNames(expression));

/** Keys of the required value fields of a form. */
export function requiredFieldKeys(form: unknown): string[] {
  try {
    return listFormFields(form as FormSchema)
      .filter((field) => field.binding === 'value' && field.required && field.key !== undefined && field.hiddenWhen.length === 0)
      .map((field) => field.key!);
  } catch {
    return [];
  }
}

/** Field key of the component a form pointer designates (`/components/2/components/0/validate` → its key). */
function fieldKeyAt(form: unknown, pointer: string): string | undefined {
  const match = /^((?:\/components\/\d+)+)/.exec(pointer);
  if (!match) return undefined;
  let node: unknown = form;
  for (const segment of match[1]!.split('/').slice(1)) node = isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[segment] : undefined;
  return isRecord(node) && typeof node.key === 'string' ? node.key : undefined;
}

const bpmnLocation = (element: { id: string; type?: string }, processId?: string, property?: string): ProblemLocation => ({
  kind: 'bpmn',
  elementId: element.id,
  ...(element.type ? { elementType: element.type } : {}),
  ...(processId ? { processId } : {}),
  ...(property ? { property } : {}),
});

const compileCache = new Map<string, Promise<CompileResult>>();
const COMPILE_CACHE_SIZE = 256;

/**
 * Compiles a procedure, remembering the result by the text's SHA-256: many items share a template procedure, and the
 * designer validates the same model again and again. Results are plain JSON the engine never mutates.
 */
export function compileCached(bpmn: string): Promise<CompileResult> {
  const key = createHash('sha256').update(bpmn).digest('hex');
  let result = compileCache.get(key);
  if (result) {
    compileCache.delete(key);
  } else {
    result = compileDefinition(bpmn, { functionNames: [...FEEL_FUNCTION_NAMES] });
    if (compileCache.size >= COMPILE_CACHE_SIZE) compileCache.delete(compileCache.keys().next().value!);
  }
  compileCache.set(key, result);
  return result;
}

/** What {@link validateVersion} answers: the report, and the compiled procedure when it compiles. */
export interface VersionValidation {
  report: ValidationReport;
  definition?: CompiledDefinition;
}

/**
 * Validates an item version before submission and publication, and while the designer edits it, in one report:
 *
 * 1. the item document against its schema and cross-field rules (committed <= legal time limit …);
 * 2. references into the catalogue: department, sub-category, licence types of materials and of the issued licence,
 *    departments and follow-on items named in task headers;
 * 3. every declared form exists and is valid form-js; every form a user task references is declared;
 * 4. the procedure compiles in the engine and its process id is the one the item names;
 * 5. stage headers name known stages and cover acceptance and closure (a close/deliver step, or end events that all
 *    record the application's `result`);
 * 6. every variable a FEEL expression reads (flow conditions, mappings, task schedules, correlation keys, material
 *    conditions, form expressions) is a field of the application form, a variable the runtime provides, a task
 *    outcome or task form field, a built-in job's result, or a variable the model declares by a mapping.
 *
 * Pure: the catalogue facts come in as `lookups`. Never throws for bad input.
 */
export async function validateVersion(bundle: VersionBundle, lookups: ValidationLookups, options: { expectedCode?: string } = {}): Promise<VersionValidation> {
  const problems: ValidationProblem[] = [];
  const item = (isRecord(bundle.item) ? bundle.item : {}) as Partial<Item> & Record<string, unknown>;
  const materials = Array.isArray(item.materials) ? item.materials : [];
  const declaredForms = Array.isArray(item.forms) ? item.forms.filter(isRecord) as Item['forms'] : [];
  const forms = isRecord(bundle.forms) ? bundle.forms : {};

  // 1. Schema and cross-field rules.
  const schema = validate('item', bundle.item);
  for (const issue of schema.issues) {
    const material = /^\/materials\/(\d+)/.exec(issue.path);
    const materialId = material ? materials[Number(material[1])]?.id : undefined;
    problems.push(problem('error', issue.code, issue.message, materialId
      ? { kind: 'material', materialId, pointer: issue.path }
      : { kind: 'item', pointer: issue.path }));
  }
  if (options.expectedCode && item.code !== undefined && item.code !== options.expectedCode) {
    problems.push(problem('error', 'TB_VERSION_CODE_MISMATCH', {
      zh: `事项编码 ${String(item.code)} 与所编辑的事项 ${options.expectedCode} 不一致`,
      en: `the item code ${String(item.code)} differs from the item being edited, ${options.expectedCode}`,
    }, { kind: 'item', pointer: '/code' }));
  }

  // 2. References into the catalogue.
  const unknownReference = (what: { zh: string; en: string }, value: string, location: ProblemLocation) =>
    problems.push(problem('error', 'TB_VERSION_REFERENCE_UNKNOWN', {
      zh: `${what.zh} ${value} 不存在`, en: `${what.en} ${value} does not exist`,
    }, location));
  if (typeof item.implementingDepartment === 'string' && !lookups.departments.has(item.implementingDepartment)) {
    unknownReference({ zh: '实施部门', en: 'department' }, item.implementingDepartment, { kind: 'item', pointer: '/implementingDepartment' });
  }
  (Array.isArray(item.jointDepartments) ? item.jointDepartments : []).forEach((code, index) => {
    if (!lookups.departments.has(code)) unknownReference({ zh: '联办部门', en: 'joint department' }, code, { kind: 'item', pointer: `/jointDepartments/${index}` });
  });
  if (typeof item.subCategoryCode === 'string' && !lookups.subCategories.has(item.subCategoryCode)) {
    unknownReference({ zh: '事项子类', en: 'sub-category' }, item.subCategoryCode, { kind: 'item', pointer: '/subCategoryCode' });
  }
  materials.forEach((material, index) => {
    if (!isRecord(material)) return;
    const id = typeof material.id === 'string' ? material.id : String(index);
    if (typeof material.licenceTypeCode === 'string' && !lookups.licenceTypes.has(material.licenceTypeCode)) {
      unknownReference({ zh: '证照类型', en: 'licence type' }, material.licenceTypeCode, { kind: 'material', materialId: id, pointer: `/materials/${index}/licenceTypeCode` });
    }
    if (typeof material.producedBy === 'string' && !lookups.departments.has(material.producedBy)) {
      unknownReference({ zh: '出具部门', en: 'department' }, material.producedBy, { kind: 'material', materialId: id, pointer: `/materials/${index}/producedBy` });
    }
  });
  const issued = isRecord(item.licenceIssued) ? item.licenceIssued : undefined;
  if (issued && typeof issued.licenceTypeCode === 'string' && !lookups.licenceTypes.has(issued.licenceTypeCode)) {
    unknownReference({ zh: '证照类型', en: 'licence type' }, issued.licenceTypeCode, { kind: 'item', pointer: '/licenceIssued/licenceTypeCode' });
  }

  // 3. Forms: declared ⇔ present.
  declaredForms.forEach((declared, index) => {
    if (!(declared.id in forms)) {
      problems.push(problem('error', 'TB_VERSION_FORM_MISSING', {
        zh: `声明的表单 ${declared.id} 没有内容`, en: `the declared form ${declared.id} has no content`,
      }, { kind: 'item', pointer: `/forms/${index}` }));
    }
  });
  for (const formId of Object.keys(forms)) {
    if (!declaredForms.some((declared) => declared.id === formId)) {
      problems.push(problem('warning', 'TB_VERSION_FORM_UNDECLARED', {
        zh: `表单 ${formId} 未在事项中声明，不会被使用`, en: `form ${formId} is not declared by the item and is never used`,
      }, { kind: 'form', formId, pointer: '' }));
    }
  }
  const applicationFormId = declaredForms.find((declared) => declared.purpose === 'application')?.id;
  const applicationForm = applicationFormId ? forms[applicationFormId] : undefined;
  const applicationFields = formOutputs(applicationForm);

  // 4. The procedure.
  const compiled = await compileCached(typeof bundle.bpmn === 'string' ? bundle.bpmn : '');
  for (const found of compiled.report.problems) {
    problems.push(problem(found.severity, found.code, found.message, bpmnLocation({ id: found.elementId, type: found.elementType }, found.processId)));
  }
  const definition = compiled.ok ? compiled.definition : undefined;
  const processId = isRecord(item.procedure) && typeof item.procedure.processId === 'string' ? item.procedure.processId : undefined;
  const main = definition?.processes.find((process) => process.id === processId);
  if (definition && processId && (!main || !main.executable)) {
    problems.push(problem('error', 'TB_VERSION_PROCESS_MISSING', {
      zh: `流程文件中没有可执行的流程 ${processId}`, en: `the procedure has no executable process ${processId}`,
    }, { kind: 'item', pointer: '/procedure/processId' }));
  }

  // Variables the process can read.
  const known = new Set<string>([...RUNTIME_VARIABLES, ...applicationFields]);
  const executable = definition?.processes.filter((process) => process.executable) ?? [];
  const allElements = executable.flatMap((process) => Object.values(process.elements).map((element) => ({ process, element })));
  let acceptStage = false;
  for (const { element } of allElements) {
    declaredVariables(element).forEach((name) => known.add(name));
    if (element.kind === 'userTask') {
      const outcome = outcomeVariableOf(element);
      if (outcome) known.add(outcome);
      const formId = element.userTask?.form?.formId;
      if (formId && formId in forms) formOutputs(forms[formId]).forEach((name) => known.add(name));
      if (element.headers?.stage === 'accept') acceptStage = true;
    }
    const jobType = element.job?.type;
    if (jobType && !jobType.startsWith('=')) (JOB_OUTPUTS[jobType] ?? []).forEach((name) => known.add(name));
    if (element.event?.kind === 'message' && !element.event.messageName.startsWith('=')) {
      (MESSAGE_VARIABLES[element.event.messageName] ?? []).forEach((name) => known.add(name));
    }
  }
  if (acceptStage) TASK_COMPLETION_VARIABLES.forEach((name) => known.add(name));

  const unknownVariables = (expression: string, local: ReadonlySet<string>) =>
    variableNames(expression).filter((name) => !known.has(name) && !local.has(name));
  const unknownVariableProblem = (names: string[], location: ProblemLocation) =>
    problem('error', 'TB_VERSION_FEEL_UNKNOWN_VARIABLE', {
      zh: `表达式引用了不存在的变量：${names.join('、')}（须为申请表字段、系统变量、环节结果或流程中声明的变量）`,
      en: `the expression reads unknown variables: ${names.join(', ')} (use an application form field, a runtime variable, a task outcome or a variable the model maps)`,
    }, location);

  // 5 and 6: per element.
  for (const { process, element } of allElements) {
    const headers = element.headers ?? {};
    const at = (property?: string) => bpmnLocation(element, process.id, property);
    const local = new Set<string>([...(element.inputs ?? []).map((mapping) => rootOf(mapping.target)), ...(element.multiInstance ? MULTI_INSTANCE_VARIABLES : [])]);
    if (element.multiInstance?.inputElement) local.add(element.multiInstance.inputElement);
    for (const { property, expression } of elementExpressions(element)) {
      const names = unknownVariables(expression, local);
      if (names.length > 0) problems.push(unknownVariableProblem(names, at(property)));
    }
    const jobType = element.job?.type;
    const opaqueResult = Boolean(jobType && (jobType.startsWith('=') || !(jobType in JOB_OUTPUTS))) || element.kind === 'callActivity';
    if (!opaqueResult) {
      element.outputs?.forEach((mapping, index) => {
        if (!mapping.source.startsWith('=')) return;
        const names = unknownVariables(mapping.source.slice(1), local);
        if (names.length > 0) problems.push(unknownVariableProblem(names, at(`outputs/${index}/source`)));
      });
    }
    if (headers.stage !== undefined && !(STAGES as readonly string[]).includes(headers.stage)) {
      problems.push(problem('error', 'TB_VERSION_STAGE_UNKNOWN', {
        zh: `环节 ${headers.stage} 不是已知环节（${STAGES.join('、')}）`, en: `stage ${headers.stage} is not one of ${STAGES.join(', ')}`,
      }, at('headers/stage')));
    }
    if (element.kind === 'userTask') {
      if (!headers.stage) {
        problems.push(problem('warning', 'TB_VERSION_TASK_STAGE_MISSING', {
          zh: '人工环节没有 stage 头，办件阶段与时限统计无法归类', en: 'the user task has no stage header; stage and time-limit statistics cannot place it',
        }, at('headers/stage')));
      }
      const form = element.userTask?.form;
      if (form?.formId) {
        const declared = declaredForms.find((entry) => entry.id === form.formId);
        if (!declared) {
          problems.push(problem('error', 'TB_VERSION_TASK_FORM_UNDECLARED', {
            zh: `环节引用的表单 ${form.formId} 未在事项中声明`, en: `the task's form ${form.formId} is not declared by the item`,
          }, at('formId')));
        }
      } else if (form) {
        problems.push(problem('warning', 'TB_VERSION_TASK_FORM_EMBEDDED', {
          zh: '环节使用内嵌或外部表单，运行时不校验其数据；请改用 formId 引用事项表单', en: 'the task uses an embedded or external form whose data the runtime cannot check; reference an item form by formId',
        }, at('formKey')));
      }
      const due = /^=\s*addWorkingDays\(\s*now\(\)\s*,\s*(\d+)\s*\)\s*$/.exec(element.userTask?.dueDate ?? '');
      const stageLimit = headers.stage && isRecord(item.stageTimeLimitsDays) ? item.stageTimeLimitsDays[headers.stage as keyof NonNullable<Item['stageTimeLimitsDays']>] : undefined;
      if (due && typeof stageLimit === 'number' && Number(due[1]) > stageLimit) {
        problems.push(problem('warning', 'TB_VERSION_TASK_DUE_EXCEEDS_STAGE', {
          zh: `环节期限 ${due[1]} 个工作日超过事项的 ${headers.stage} 环节时限 ${stageLimit} 个工作日`,
          en: `the task is due in ${due[1]} working days, beyond the item's ${headers.stage} limit of ${stageLimit}`,
        }, at('dueDate')));
      }
    }
    if (headers.department && !lookups.departments.has(headers.department)) {
      unknownReference({ zh: '办理部门', en: 'department' }, headers.department, at('headers/department'));
    }
    if (headers.items) {
      for (const code of headers.items.split(',').map((entry) => entry.trim()).filter(Boolean)) {
        if (!lookups.items.has(code) && code !== item.code) unknownReference({ zh: '关联事项', en: 'item' }, code, at('headers/items'));
      }
    }
  }
  for (const process of executable) {
    for (const flow of Object.values(process.flows)) {
      if (!flow.condition) continue;
      const names = unknownVariables(flow.condition, new Set());
      if (names.length > 0) problems.push(unknownVariableProblem(names, bpmnLocation({ id: flow.id, type: 'bpmn:SequenceFlow' }, process.id, 'conditionExpression')));
    }
  }
  if (main) problems.push(...stageCoverage(main));

  // Material conditions: FEEL over the application form's data and the applicant (intake's checklist context).
  const checklistKnown = new Set<string>([...applicationFields, 'applicant']);
  materials.forEach((material, index) => {
    if (!isRecord(material) || typeof material.condition !== 'string') return;
    const location: ProblemLocation = { kind: 'material', materialId: String(material.id ?? index), pointer: `/materials/${index}/condition` };
    const syntax = findFeelSyntaxError(material.condition);
    if (syntax) {
      problems.push(problem('error', 'TB_VERSION_FEEL_SYNTAX', { zh: `条件表达式语法错误：${syntax.message}`, en: `the condition does not parse: ${syntax.message}` }, location));
      return;
    }
    const names = variableNames(material.condition).filter((name) => !checklistKnown.has(name));
    if (names.length > 0) {
      problems.push(problem('error', 'TB_VERSION_FEEL_UNKNOWN_VARIABLE', {
        zh: `材料条件引用了申请表中没有的字段：${names.join('、')}`, en: `the material's condition reads fields the application form lacks: ${names.join(', ')}`,
      }, location));
    }
  });

  // Collaboration declarations (docs/collaboration.md): review rules, follow-on services and proactive offers hold
  // FEEL that runs only later (in the review assistant, at closure, on an event); a typo must fail here, not then.
  // Their contexts are open (reused licences, event data), so only the syntax is checked. Values are FEEL when they
  // start with `=` (the schema requires it of conditions, checks and licence references; mapped values may be constants).
  const feelValues: Array<{ pointer: string; value: unknown }> = [];
  const collect = (list: unknown, name: string, keys: string[]) => {
    if (!Array.isArray(list)) return;
    list.forEach((entry, index) => {
      if (!isRecord(entry)) return;
      const at = `/${name}/${index}`;
      for (const key of keys) feelValues.push({ pointer: `${at}/${key}`, value: entry[key] });
      if (isRecord(entry.formData)) {
        for (const [target, value] of Object.entries(entry.formData)) feelValues.push({ pointer: `${at}/formData/${escape(target)}`, value });
      }
      if (Array.isArray(entry.materials)) {
        entry.materials.forEach((material, m) => feelValues.push({ pointer: `${at}/materials/${m}/licence`, value: isRecord(material) ? material.licence : undefined }));
      }
    });
  };
  collect(item.reviewRules, 'reviewRules', ['when', 'check']);
  collect(item.followOn, 'followOn', ['when']);
  collect(item.proactiveOffers, 'proactiveOffers', ['eligibility']);
  for (const { pointer, value } of feelValues) {
    if (typeof value !== 'string' || !value.trimStart().startsWith('=')) continue;
    const syntax = findFeelSyntaxError(value);
    if (syntax) {
      problems.push(problem('error', 'TB_VERSION_FEEL_SYNTAX', { zh: `表达式语法错误：${syntax.message}`, en: `the expression does not parse: ${syntax.message}` }, { kind: 'item', pointer }));
    }
  }

  // Form definitions, with the variables each can read.
  for (const declared of declaredForms) {
    const form = forms[declared.id];
    if (form === undefined) continue;
    // Inside a dynamic list form-js evaluates against the list entry, so a field's siblings are readable too.
    const ownKeys = fieldKeys(form);
    const knownVariables = declared.purpose === 'application' ? ['applicant', ...ownKeys] : [...known, ...ownKeys];
    const found_ = formProblems.get(`${formKey(form)}|${[...new Set(knownVariables)].sort().join(',')}`, () => checkFormDefinition(form, { knownVariables }));
    for (const found of found_) {
      const fieldKey = fieldKeyAt(form, found.location);
      problems.push(problem('error', found.code, found.message, { kind: 'form', formId: declared.id, pointer: found.location, ...(fieldKey ? { fieldKey } : {}) }));
    }
  }

  return { report: toReport(problems), ...(definition ? { definition } : {}) };
}

/**
 * Acceptance must be a step of its own (stage `accept`); closure is a `close` or `deliver` step, or else every end
 * event directly in the process records the application's result (the runtime closes the application there).
 */
function stageCoverage(process: CompiledProcess): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const elements = Object.values(process.elements);
  const stages = new Set(elements.map((element) => element.headers?.stage).filter((stage): stage is string => Boolean(stage)));
  const location: ProblemLocation = { kind: 'bpmn', elementId: process.id, elementType: 'bpmn:Process', processId: process.id };
  if (!stages.has('accept')) {
    problems.push(problem('error', 'TB_VERSION_STAGE_ACCEPT_MISSING', {
      zh: '流程没有受理环节（stage = accept）', en: 'the procedure has no acceptance step (stage = accept)',
    }, location));
  }
  const ends = elements.filter((element) => element.kind === 'endEvent' && element.parentId === null);
  const withoutResult = ends.filter((element) => !element.properties?.result);
  if (!stages.has('close') && !stages.has('deliver') && (ends.length === 0 || withoutResult.length > 0)) {
    problems.push(problem('error', 'TB_VERSION_STAGE_CLOSE_MISSING', {
      zh: '流程没有办结环节（stage = close 或 deliver），且并非所有结束事件都记录办理结果（result）',
      en: 'the procedure has no closing step (stage = close or deliver) and not every end event records the result',
    }, location));
  } else {
    for (const end of withoutResult) {
      problems.push(problem('warning', 'TB_VERSION_END_RESULT_MISSING', {
        zh: '结束事件没有记录办理结果（zeebe:property result）', en: 'the end event records no result (zeebe:property result)',
      }, { kind: 'bpmn', elementId: end.id, elementType: end.type, processId: process.id, property: 'properties/result' }));
    }
  }
  return problems;
}
