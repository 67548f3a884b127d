/**
 * BPMN XML → {@link CompiledDefinition}, with one {@link DeployReport} naming every element the engine would
 * not execute correctly. Runs once per published version.
 */
import { checkFeel, expressionBody, isExpression } from '../behaviors/feel.js';
import { ELEMENT_COMPILERS, PASSIVE_FLOW_ELEMENTS } from '../registry.js';
import {
  COMPILED_DEFINITION_FORMAT,
  type CompiledDefinition,
  type CompiledElement,
  type CompiledFlow,
  type CompiledProcess,
  type StartEventInfo,
} from '../types/definition.js';
import type { CompileResult, DeployProblemCode } from '../types/report.js';
import type { ElementCompilation, ElementCompileContext } from './context.js';
import { expressionText, extensionTypes, extensions, list, one, readHeaders, readIoMapping, readMultiInstance, readProperties, text, parseBpmn, type ModdleElement } from './moddle.js';
import { ProblemCollector } from './problems.js';

/** Options of {@link compileDefinition}. */
export interface CompileOptions {
  /** Names of the FEEL functions the runtime will provide in `StepContext.functions`. */
  functionNames?: string[];
}

const ACTIVITY_TYPES: ReadonlySet<string> = new Set([
  'bpmn:Task',
  'bpmn:UserTask',
  'bpmn:ServiceTask',
  'bpmn:SendTask',
  'bpmn:ReceiveTask',
  'bpmn:ScriptTask',
  'bpmn:BusinessRuleTask',
  'bpmn:ManualTask',
  'bpmn:SubProcess',
  'bpmn:Transaction',
  'bpmn:AdHocSubProcess',
  'bpmn:CallActivity',
]);

const CONTAINER_TYPES: ReadonlySet<string> = new Set(['bpmn:SubProcess', 'bpmn:Transaction', 'bpmn:AdHocSubProcess']);

/** Zeebe extensions that change execution but are not executed here: refused rather than silently ignored. */
const UNSUPPORTED_EXTENSIONS: Readonly<Record<string, string>> = {
  'zeebe:ExecutionListeners': 'execution listeners (zeebe:executionListeners) are not run',
  'zeebe:TaskListeners': 'task listeners (zeebe:taskListeners) are not run',
  'zeebe:AdHoc': 'ad-hoc subprocess settings (zeebe:adHoc) are not executed',
};

const MAPPING_TARGET = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/**
 * Compiles BPMN 2.0 XML (Zeebe conventions) into an executable definition. Never throws: unparsable XML,
 * unsupported elements, missing conditions, unreachable elements, invalid timers and FEEL that does not parse all
 * come back together in the report, and any `error` among them refuses the model (`ok: false`).
 */
export async function compileDefinition(xml: string, options: CompileOptions = {}): Promise<CompileResult> {
  const problems = new ProblemCollector();
  const parsed = await parseBpmn(xml);
  if (!parsed.ok) {
    problems.add('error', 'TB_BPMN_XML_INVALID', { type: 'bpmn:Definitions' }, undefined, parsed.reason);
    return { ok: false, report: { problems: problems.problems } };
  }
  for (const warning of parsed.warnings) {
    problems.add('warning', 'TB_BPMN_PARSE_WARNING', { id: warning.element?.id, type: warning.element?.$type ?? 'bpmn:Definitions' }, undefined, warning.message);
  }
  const definitions = parsed.definitions;
  const functions = new Set(options.functionNames ?? []);
  const processes = list(definitions, 'rootElements')
    .filter((root) => root.$type === 'bpmn:Process')
    .map((process) => new ProcessCompiler(process, problems, functions).compile());
  if (!processes.some((process) => process.executable)) {
    problems.add('error', 'TB_BPMN_NO_EXECUTABLE_PROCESS', { id: definitions.id, type: 'bpmn:Definitions' }, undefined);
  }
  if (problems.hasErrors) return { ok: false, report: { problems: problems.problems } };
  const definition: CompiledDefinition = { format: COMPILED_DEFINITION_FORMAT, id: definitions.id ?? '', processes };
  return { ok: true, definition, report: { problems: problems.problems } };
}

class ProcessCompiler {
  private readonly elements: Record<string, CompiledElement> = {};
  private readonly flows: Record<string, CompiledFlow> = {};
  private readonly moddleFlows: ModdleElement[] = [];
  private readonly moddleElements = new Map<string, ModdleElement>();
  private readonly forms: Record<string, string> = {};
  private readonly executable: boolean;
  private readonly id: string;

  constructor(
    private readonly process: ModdleElement,
    private readonly problems: ProblemCollector,
    private readonly functions: ReadonlySet<string>,
  ) {
    this.executable = process.isExecutable === true;
    this.id = process.id ?? '';
  }

  private report(element: { id?: string | undefined; $type: string }, code: DeployProblemCode, detail?: string): void {
    this.problems.add(this.executable ? 'error' : 'warning', code, { id: element.id, type: element.$type }, this.id, detail);
  }

  compile(): CompiledProcess {
    if (!this.executable) this.problems.add('warning', 'TB_BPMN_PROCESS_NOT_EXECUTABLE', { id: this.id, type: 'bpmn:Process' }, this.id);
    for (const type of extensionTypes(this.process)) {
      if (UNSUPPORTED_EXTENSIONS[type]) this.report(this.process, 'TB_BPMN_UNSUPPORTED_FEATURE', UNSUPPORTED_EXTENSIONS[type]);
    }
    for (const form of extensions(this.process, 'zeebe:UserTaskForm')) {
      const formId = text(form, 'id');
      if (formId !== undefined) this.forms[formId] = typeof form.body === 'string' ? form.body : '';
    }
    this.walk(this.process, null, 'process');
    this.compileFlows();
    this.linkBoundaries();
    this.checkGateways();
    const eventSubProcessIds = this.checkContainers();
    const startEvents = this.checkProcessStarts();
    this.resolveLinks();
    this.checkReachability(eventSubProcessIds);
    this.computeInclusiveUpstream();
    this.checkExpressions();
    this.checkForms();
    const compiled: CompiledProcess = {
      id: this.id,
      executable: this.executable,
      startEvents,
      elements: this.elements,
      flows: this.flows,
      forms: this.forms,
      eventSubProcessIds,
    };
    const name = text(this.process, 'name');
    if (name !== undefined) compiled.name = name;
    return compiled;
  }

  private walk(container: ModdleElement, parentId: string | null, kind: ElementCompileContext['container']): void {
    for (const element of list(container, 'flowElements')) {
      if (element.$type === 'bpmn:SequenceFlow') {
        this.moddleFlows.push(element);
        continue;
      }
      if (PASSIVE_FLOW_ELEMENTS.has(element.$type)) continue;
      this.compileElement(element, parentId, kind);
      if (CONTAINER_TYPES.has(element.$type) && element.id) {
        this.walk(element, element.id, element.triggeredByEvent === true ? 'eventSubProcess' : 'subProcess');
      }
    }
  }

  private compileElement(element: ModdleElement, parentId: string | null, container: ElementCompileContext['container']): void {
    const id = element.id ?? '';
    this.moddleElements.set(id, element);
    const cx: ElementCompileContext = {
      processId: this.id,
      container,
      report: (code, detail) => this.report(element, code, detail),
      warn: (code, detail) => this.problems.add('warning', code, { id, type: element.$type }, this.id, detail),
    };
    const compiler = ELEMENT_COMPILERS[element.$type];
    let part: ElementCompilation | undefined;
    if (compiler) part = compiler(element, cx);
    else cx.report('TB_BPMN_UNSUPPORTED_ELEMENT', `${element.$type.replace('bpmn:', '')} is not executed`);
    const compiled: CompiledElement = { id, type: element.$type, kind: 'unsupported', parentId, incoming: [], outgoing: [], ...part };
    if (!part) compiled.kind = 'unsupported';
    const name = text(element, 'name');
    if (name !== undefined) compiled.name = name;
    const loop = one(element, 'loopCharacteristics');
    if (loop?.$type === 'bpmn:StandardLoopCharacteristics') {
      cx.report('TB_BPMN_UNSUPPORTED_FEATURE', 'standard loop characteristics; use a multi-instance over a collection');
    } else if (loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics') {
      const { spec, problems } = readMultiInstance(loop);
      for (const problem of problems) cx.report('TB_BPMN_MULTI_INSTANCE_INVALID', problem);
      if (spec) compiled.multiInstance = spec;
    }
    if (element.isForCompensation === true) cx.report('TB_BPMN_UNSUPPORTED_FEATURE', 'compensation handlers are not executed');
    for (const type of extensionTypes(element)) {
      if (UNSUPPORTED_EXTENSIONS[type]) cx.report('TB_BPMN_UNSUPPORTED_FEATURE', UNSUPPORTED_EXTENSIONS[type]);
    }
    const io = readIoMapping(element);
    for (const broken of io.broken) cx.report('TB_BPMN_MAPPING_INVALID', broken);
    for (const mapping of [...io.inputs, ...io.outputs]) {
      if (!MAPPING_TARGET.test(mapping.target)) cx.report('TB_BPMN_MAPPING_INVALID', `target '${mapping.target}' is not a variable name or dotted path`);
    }
    if (io.inputs.length > 0) compiled.inputs = io.inputs;
    if (io.outputs.length > 0) compiled.outputs = io.outputs;
    const headers = readHeaders(element);
    if (headers) compiled.headers = headers;
    const properties = readProperties(element);
    if (properties) compiled.properties = properties;
    if (element.$type === 'bpmn:BoundaryEvent') {
      const host = one(element, 'attachedToRef');
      if (host?.id !== undefined) compiled.attachedToId = host.id;
    }
    if (this.elements[id]) this.report(element, 'TB_BPMN_FLOW_INVALID', `duplicate element id '${id}'`);
    this.elements[id] = compiled;
  }

  private compileFlows(): void {
    for (const flow of this.moddleFlows) {
      const id = flow.id ?? '';
      const source = one(flow, 'sourceRef');
      const target = one(flow, 'targetRef');
      const sourceElement = source?.id === undefined ? undefined : this.elements[source.id];
      const targetElement = target?.id === undefined ? undefined : this.elements[target.id];
      if (!sourceElement || !targetElement) {
        this.report(flow, 'TB_BPMN_FLOW_INVALID', 'the flow does not connect two flow nodes of this process');
        continue;
      }
      if (sourceElement.parentId !== targetElement.parentId) {
        this.report(flow, 'TB_BPMN_FLOW_INVALID', 'the flow crosses a subprocess boundary');
        continue;
      }
      const compiled: CompiledFlow = { id, sourceId: sourceElement.id, targetId: targetElement.id, isDefault: one(source, 'default')?.id === id };
      const name = text(flow, 'name');
      if (name !== undefined) compiled.name = name;
      const condition = expressionText(one(flow, 'conditionExpression'));
      if (condition !== undefined) {
        const isGateway = sourceElement.type === 'bpmn:ExclusiveGateway' || sourceElement.type === 'bpmn:InclusiveGateway';
        if (!isGateway) {
          this.report(flow, 'TB_BPMN_UNSUPPORTED_FEATURE', `conditional sequence flow from ${sourceElement.type}; put the condition on an exclusive or inclusive gateway`);
        } else if (!compiled.isDefault) {
          compiled.condition = isExpression(condition) ? expressionBody(condition) : condition;
        }
      }
      this.flows[id] = compiled;
    }
    // Keep each node's own order of outgoing flows (an exclusive gateway takes the first that holds).
    for (const [id, moddle] of this.moddleElements) {
      const element = this.elements[id]!;
      const ordered = list(moddle, 'outgoing').map((flow) => flow.id ?? '');
      const outgoing = Object.values(this.flows).filter((flow) => flow.sourceId === id).map((flow) => flow.id);
      element.outgoing = [...ordered.filter((flowId) => outgoing.includes(flowId)), ...outgoing.filter((flowId) => !ordered.includes(flowId))];
      element.incoming = Object.values(this.flows).filter((flow) => flow.targetId === id).map((flow) => flow.id);
      const defaultFlowId = one(moddle, 'default')?.id;
      if (defaultFlowId !== undefined && element.outgoing.includes(defaultFlowId) && element.type.endsWith('Gateway')) element.defaultFlowId = defaultFlowId;
    }
  }

  private linkBoundaries(): void {
    for (const element of Object.values(this.elements)) {
      if (element.type !== 'bpmn:BoundaryEvent') continue;
      const host = element.attachedToId === undefined ? undefined : this.elements[element.attachedToId];
      const moddle = this.moddleElements.get(element.id)!;
      if (!host || !ACTIVITY_TYPES.has(host.type)) {
        this.report(moddle, 'TB_BPMN_BOUNDARY_INVALID', 'the boundary event is not attached to an activity of this process');
        continue;
      }
      if (element.incoming.length > 0) this.report(moddle, 'TB_BPMN_BOUNDARY_INVALID', 'a boundary event has no incoming flow');
      host.boundaryIds = [...(host.boundaryIds ?? []), element.id];
    }
  }

  private checkGateways(): void {
    for (const element of Object.values(this.elements)) {
      const moddle = this.moddleElements.get(element.id)!;
      if (element.type === 'bpmn:ExclusiveGateway' || element.type === 'bpmn:InclusiveGateway') {
        if (element.outgoing.length > 1) {
          for (const flowId of element.outgoing) {
            const flow = this.flows[flowId]!;
            if (flowId !== element.defaultFlowId && flow.condition === undefined) {
              this.problems.add(
                this.executable ? 'error' : 'warning',
                'TB_BPMN_MISSING_CONDITION',
                { id: flowId, type: 'bpmn:SequenceFlow' },
                this.id,
                `${flowId} leaves ${element.id}${element.defaultFlowId ? '' : ', which has no default flow'}`,
              );
            }
          }
        }
        if (element.type === 'bpmn:InclusiveGateway' && element.incoming.length > 1) element.join = 'inclusive';
      }
      if (element.type === 'bpmn:ParallelGateway' && element.incoming.length > 1) element.join = 'parallel';
      if (element.type === 'bpmn:EventBasedGateway') {
        if (element.outgoing.length < 2) this.report(moddle, 'TB_BPMN_EVENT_GATEWAY_INVALID', 'it needs at least two outgoing flows');
        for (const flowId of element.outgoing) {
          const target = this.elements[this.flows[flowId]!.targetId]!;
          const fits =
            (target.kind === 'intermediateCatchEvent' && (target.event?.kind === 'timer' || target.event?.kind === 'message')) ||
            target.kind === 'receiveTask';
          if (!fits && target.kind !== 'unsupported') {
            this.report(moddle, 'TB_BPMN_EVENT_GATEWAY_INVALID', `target ${target.id} is not a timer or message catch event or a receive task`);
          }
        }
      }
    }
  }

  /** Links subprocesses to their start events and scopes to their event subprocesses. */
  private checkContainers(): string[] {
    const processEventSubProcesses: string[] = [];
    for (const element of Object.values(this.elements)) {
      if (!CONTAINER_TYPES.has(element.type)) continue;
      const moddle = this.moddleElements.get(element.id)!;
      const starts = Object.values(this.elements).filter((child) => child.parentId === element.id && child.type === 'bpmn:StartEvent');
      if (element.kind === 'subProcess') {
        const none = starts.filter((start) => start.event?.kind === 'none');
        if (none.length !== 1 || starts.length !== 1) this.report(moddle, 'TB_BPMN_START_EVENT_INVALID', 'an embedded subprocess needs exactly one none start event');
        if (none[0]) element.startEventId = none[0].id;
      }
      if (element.kind === 'eventSubProcess') {
        if (starts.length !== 1) this.report(moddle, 'TB_BPMN_START_EVENT_INVALID', 'an event subprocess needs exactly one start event');
        const start = starts[0];
        if (start && start.kind === 'startEvent') {
          element.startEventId = start.id;
          if (start.event?.kind === 'error' && start.interrupting === false) {
            this.report(this.moddleElements.get(start.id)!, 'TB_BPMN_START_EVENT_INVALID', 'an error start event is always interrupting');
          }
        }
        if (element.incoming.length > 0 || element.outgoing.length > 0) this.report(moddle, 'TB_BPMN_FLOW_INVALID', 'an event subprocess has no incoming or outgoing flows');
        if (element.parentId === null) processEventSubProcesses.push(element.id);
        else {
          const parent = this.elements[element.parentId];
          if (parent) parent.eventSubProcessIds = [...(parent.eventSubProcessIds ?? []), element.id];
        }
      }
    }
    return processEventSubProcesses;
  }

  private checkProcessStarts(): StartEventInfo[] {
    const starts = Object.values(this.elements).filter((element) => element.parentId === null && element.type === 'bpmn:StartEvent');
    const infos: StartEventInfo[] = [];
    for (const start of starts) {
      if (start.incoming.length > 0) this.report(this.moddleElements.get(start.id)!, 'TB_BPMN_FLOW_INVALID', 'a start event has no incoming flow');
      const event = start.event;
      if (start.kind !== 'startEvent' || !event) continue;
      const info: StartEventInfo = { processId: this.id, elementId: start.id, kind: event.kind as StartEventInfo['kind'] };
      if (start.name !== undefined) info.name = start.name;
      if (event.kind === 'message') info.messageName = event.messageName;
      if (event.kind === 'signal') info.signalName = event.signalName;
      if (event.kind === 'timer') info.timer = event.timer;
      infos.push(info);
    }
    const none = infos.filter((info) => info.kind === 'none');
    if (none.length > 1) {
      for (const extra of none.slice(1)) {
        this.report(this.moddleElements.get(extra.elementId)!, 'TB_BPMN_START_EVENT_INVALID', 'a process has at most one none start event');
      }
    }
    if (infos.length === 0) {
      this.problems.add(
        this.executable ? 'error' : 'warning',
        'TB_BPMN_NO_START_EVENT',
        { id: this.id, type: 'bpmn:Process' },
        this.id,
        starts.length === 0 ? 'the process has no start event' : 'none of its start events can be executed',
      );
    }
    return infos;
  }

  private resolveLinks(): void {
    const catches = Object.values(this.elements).filter((element) => element.kind === 'intermediateCatchEvent' && element.event?.kind === 'link');
    const names = new Map<string, CompiledElement[]>();
    for (const catcher of catches) {
      const key = `${catcher.parentId ?? ''}\u0000${(catcher.event as { linkName: string }).linkName}`;
      names.set(key, [...(names.get(key) ?? []), catcher]);
    }
    for (const [, same] of names) {
      if (same.length > 1) {
        for (const duplicate of same) {
          this.report(this.moddleElements.get(duplicate.id)!, 'TB_BPMN_LINK_UNRESOLVED', `several link catch events are named '${(duplicate.event as { linkName: string }).linkName}' in one scope`);
        }
      }
    }
    for (const thrower of Object.values(this.elements)) {
      if (thrower.kind !== 'intermediateThrowEvent' || thrower.event?.kind !== 'link') continue;
      const target = names.get(`${thrower.parentId ?? ''}\u0000${thrower.event.linkName}`);
      if (target?.length === 1) thrower.linkTargetId = target[0]!.id;
      else if (!target) {
        this.report(this.moddleElements.get(thrower.id)!, 'TB_BPMN_LINK_UNRESOLVED', `no link catch event named '${thrower.event.linkName}' in the same scope`);
      }
    }
  }

  private checkReachability(processEventSubProcesses: readonly string[]): void {
    const elements = Object.values(this.elements);
    const next = new Map<string, string[]>();
    const add = (from: string, to: string): void => {
      next.set(from, [...(next.get(from) ?? []), to]);
    };
    for (const flow of Object.values(this.flows)) add(flow.sourceId, flow.targetId);
    for (const element of elements) {
      // A container reaches its start events, and a scope its event subprocesses.
      if (element.parentId !== null && element.type === 'bpmn:StartEvent') add(element.parentId, element.id);
      if (element.kind === 'eventSubProcess' && element.parentId !== null) add(element.parentId, element.id);
      if (element.attachedToId !== undefined) add(element.attachedToId, element.id);
      if (element.linkTargetId !== undefined) add(element.id, element.linkTargetId);
    }
    const seen = new Set<string>();
    const stack = [
      ...elements.filter((element) => element.parentId === null && element.type === 'bpmn:StartEvent').map((element) => element.id),
      ...processEventSubProcesses,
    ];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(next.get(id) ?? []));
    }
    for (const element of elements) {
      if (!seen.has(element.id)) this.report(this.moddleElements.get(element.id)!, 'TB_BPMN_UNREACHABLE');
    }
  }

  /** BPMN 2.0 §13.4.3: the elements from which a token may still arrive at an inclusive join. */
  private computeInclusiveUpstream(): void {
    const previous = new Map<string, string[]>();
    const add = (to: string, from: string): void => {
      previous.set(to, [...(previous.get(to) ?? []), from]);
    };
    for (const flow of Object.values(this.flows)) add(flow.targetId, flow.sourceId);
    for (const element of Object.values(this.elements)) {
      if (element.attachedToId !== undefined) add(element.id, element.attachedToId);
      if (element.linkTargetId !== undefined) add(element.linkTargetId, element.id);
    }
    for (const gateway of Object.values(this.elements)) {
      if (gateway.join !== 'inclusive') continue;
      const seen = new Set<string>();
      const stack = gateway.incoming.map((flowId) => this.flows[flowId]!.sourceId);
      while (stack.length > 0) {
        const id = stack.pop()!;
        if (id === gateway.id || seen.has(id)) continue;
        seen.add(id);
        stack.push(...(previous.get(id) ?? []));
      }
      gateway.upstream = [...seen].sort();
    }
  }

  private checkExpressions(): void {
    const check = (owner: { id: string; type: string }, what: string, feel: string): void => {
      const result = checkFeel(feel, this.functions);
      const severity = this.executable ? 'error' : 'warning';
      if (result.syntaxError !== undefined) {
        this.problems.add(severity, 'TB_BPMN_FEEL_SYNTAX', owner, this.id, `${what}: ${result.syntaxError}`);
      }
      for (const name of result.unknownFunctions) {
        this.problems.add(severity, 'TB_BPMN_FEEL_UNKNOWN_FUNCTION', owner, this.id, `${what}: ${name}()`);
      }
    };
    const value = (owner: { id: string; type: string }, what: string, raw: string | undefined): void => {
      if (raw !== undefined && isExpression(raw)) check(owner, what, expressionBody(raw));
    };
    for (const element of Object.values(this.elements)) {
      for (const mapping of element.inputs ?? []) value(element, `input ${mapping.target}`, mapping.source);
      for (const mapping of element.outputs ?? []) value(element, `output ${mapping.target}`, mapping.source);
      const event = element.event;
      if (event?.kind === 'timer') value(element, 'timer', event.timer.expression);
      if (event?.kind === 'message' && !element.job) {
        value(element, 'message name', event.messageName);
        value(element, 'correlation key', event.correlationKey);
      }
      if (element.job) {
        value(element, 'job type', element.job.type);
        value(element, 'job retries', element.job.retries);
      }
      const task = element.userTask;
      if (task) {
        for (const key of ['assignee', 'candidateGroups', 'candidateUsers', 'dueDate', 'followUpDate', 'priority'] as const) value(element, key, task[key]);
      }
      if (element.script) check(element, 'script', element.script.expression);
      if (element.call) value(element, 'called process', element.call.processId);
      const loop = element.multiInstance;
      if (loop) {
        check(element, 'input collection', loop.inputCollection);
        if (loop.outputElement !== undefined) check(element, 'output element', loop.outputElement);
        if (loop.completionCondition !== undefined) check(element, 'completion condition', loop.completionCondition);
      }
    }
    for (const flow of Object.values(this.flows)) {
      if (flow.condition !== undefined) check({ id: flow.id, type: 'bpmn:SequenceFlow' }, 'condition', flow.condition);
    }
  }

  private checkForms(): void {
    for (const element of Object.values(this.elements)) {
      const form = element.userTask?.form;
      if (form?.embeddedFormId !== undefined && this.forms[form.embeddedFormId] === undefined) {
        this.report(this.moddleElements.get(element.id)!, 'TB_BPMN_FORM_UNRESOLVED', `no zeebe:userTaskForm with id '${form.embeddedFormId}' in the process`);
      }
    }
  }
}
