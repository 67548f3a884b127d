import type { DeployProblem, DeployProblemCode, LocalizedMessage } from '../types/report.js';

/** zh/en templates of every deploy problem; `{detail}` is filled with an English detail where one is given. */
const TEMPLATES: Record<DeployProblemCode, LocalizedMessage> = {
  TB_BPMN_XML_INVALID: { zh: 'BPMN XML 无法解析：{detail}', en: 'The BPMN XML cannot be parsed: {detail}' },
  TB_BPMN_PARSE_WARNING: { zh: '解析警告：{detail}', en: 'Parse warning: {detail}' },
  TB_BPMN_NO_EXECUTABLE_PROCESS: {
    zh: '模型中没有可执行的流程（isExecutable="true"）',
    en: 'The model has no executable process (isExecutable="true")',
  },
  TB_BPMN_PROCESS_NOT_EXECUTABLE: {
    zh: '流程未标记为可执行，已保存但不能启动',
    en: 'The process is not marked executable; it is kept but cannot be started',
  },
  TB_BPMN_NO_START_EVENT: { zh: '缺少可执行的开始事件：{detail}', en: 'No executable start event: {detail}' },
  TB_BPMN_UNSUPPORTED_ELEMENT: { zh: '引擎不支持该元素：{detail}', en: 'The engine does not execute this element: {detail}' },
  TB_BPMN_UNSUPPORTED_FEATURE: { zh: '引擎不支持该用法：{detail}', en: 'The engine does not support this usage: {detail}' },
  TB_BPMN_MISSING_CONDITION: {
    zh: '网关的出口顺序流缺少条件且不是默认流：{detail}',
    en: 'A gateway outgoing flow has no condition and is not the default flow: {detail}',
  },
  TB_BPMN_UNREACHABLE: { zh: '元素不可达，任何开始事件都无法到达它', en: 'The element cannot be reached from any start event' },
  TB_BPMN_FEEL_SYNTAX: { zh: 'FEEL 表达式语法错误：{detail}', en: 'FEEL syntax error: {detail}' },
  TB_BPMN_FEEL_UNKNOWN_FUNCTION: { zh: 'FEEL 表达式调用了未知函数：{detail}', en: 'FEEL expression calls an unknown function: {detail}' },
  TB_BPMN_MISSING_JOB_TYPE: {
    zh: '缺少作业类型（zeebe:taskDefinition type）',
    en: 'Missing job type (zeebe:taskDefinition type)',
  },
  TB_BPMN_MISSING_MESSAGE: { zh: '消息事件缺少消息或消息名称', en: 'The message event has no message or message name' },
  TB_BPMN_MISSING_CORRELATION_KEY: {
    zh: '消息缺少关联键（zeebe:subscription correlationKey）',
    en: 'The message has no correlation key (zeebe:subscription correlationKey)',
  },
  TB_BPMN_MISSING_SIGNAL: { zh: '信号事件缺少信号名称', en: 'The signal event has no signal name' },
  TB_BPMN_MISSING_ERROR_CODE: { zh: '错误结束事件缺少错误代码（bpmn:error errorCode）', en: 'The error end event has no error code (bpmn:error errorCode)' },
  TB_BPMN_TIMER_INVALID: { zh: '定时器定义无效：{detail}', en: 'Invalid timer definition: {detail}' },
  TB_BPMN_MISSING_CALLED_ELEMENT: {
    zh: '调用活动缺少被调用流程（zeebe:calledElement processId）',
    en: 'The call activity has no called process (zeebe:calledElement processId)',
  },
  TB_BPMN_MISSING_SCRIPT: {
    zh: '脚本任务缺少 zeebe:script 表达式和结果变量，或作业类型',
    en: 'The script task needs a zeebe:script expression and result variable, or a job type',
  },
  TB_BPMN_LINK_UNRESOLVED: { zh: '链接事件无法匹配：{detail}', en: 'The link event cannot be matched: {detail}' },
  TB_BPMN_START_EVENT_INVALID: { zh: '开始事件无效：{detail}', en: 'Invalid start event: {detail}' },
  TB_BPMN_EVENT_GATEWAY_INVALID: { zh: '事件网关无效：{detail}', en: 'Invalid event-based gateway: {detail}' },
  TB_BPMN_BOUNDARY_INVALID: { zh: '边界事件无效：{detail}', en: 'Invalid boundary event: {detail}' },
  TB_BPMN_FLOW_INVALID: { zh: '顺序流无效：{detail}', en: 'Invalid sequence flow: {detail}' },
  TB_BPMN_MULTI_INSTANCE_INVALID: { zh: '多实例配置无效：{detail}', en: 'Invalid multi-instance settings: {detail}' },
  TB_BPMN_MAPPING_INVALID: { zh: '变量映射无效：{detail}', en: 'Invalid variable mapping: {detail}' },
  TB_BPMN_FORM_UNRESOLVED: { zh: '表单引用无法解析：{detail}', en: 'The form reference cannot be resolved: {detail}' },
};

/** Builds the localized message of a problem code. */
export function problemMessage(code: DeployProblemCode, detail?: string): LocalizedMessage {
  const template = TEMPLATES[code];
  const fill = (s: string): string => s.replace('{detail}', detail ?? '');
  return { zh: fill(template.zh), en: fill(template.en) };
}

/** Collects the problems of one compilation, in the order they are found. */
export class ProblemCollector {
  readonly problems: DeployProblem[] = [];

  /** Records a problem. Errors in a non-executable process are recorded as warnings (it never runs). */
  add(
    severity: 'error' | 'warning',
    code: DeployProblemCode,
    element: { id?: string | undefined; type: string },
    processId: string | undefined,
    detail?: string,
  ): void {
    const problem: DeployProblem = {
      severity,
      elementId: element.id ?? '',
      elementType: element.type,
      code,
      message: problemMessage(code, detail),
    };
    if (processId !== undefined) problem.processId = processId;
    this.problems.push(problem);
  }

  get hasErrors(): boolean {
    return this.problems.some((problem) => problem.severity === 'error');
  }
}

/** All codes with their templates, for the catalogue test and the docs. */
export const DEPLOY_PROBLEM_CODES = Object.keys(TEMPLATES) as DeployProblemCode[];
