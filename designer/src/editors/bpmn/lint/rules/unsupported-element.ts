import { DEFAULT_SUPPORTED_ELEMENTS, unsupportedReason } from '../../support';
import { is, owningElement } from '../../moddle';
import { pick } from '../messages';
import type { LintRuleFactory } from '../types';

/** Chinese names of the BPMN constructs the engine may not run, for messages item managers understand. */
const NAMES: Record<string, string> = {
  'bpmn:ComplexGateway': '复杂网关',
  'bpmn:BusinessRuleTask': '业务规则任务',
  'bpmn:Task': '未指定类型的任务',
  'bpmn:Transaction': '事务子流程',
  'bpmn:AdHocSubProcess': '自由子流程',
  'bpmn:StandardLoopCharacteristics': '标准循环',
  'bpmn:SubProcess:triggeredByEvent': '事件子流程',
  'bpmn:ChoreographyTask': '编排任务',
  SignalEventDefinition: '信号事件',
  EscalationEventDefinition: '升级事件',
  CompensateEventDefinition: '补偿事件',
  ConditionalEventDefinition: '条件事件',
  LinkEventDefinition: '链接事件',
  CancelEventDefinition: '取消事件',
  TimerEventDefinition: '定时事件',
  MessageEventDefinition: '消息事件',
  ErrorEventDefinition: '错误事件',
  TerminateEventDefinition: '终止事件',
  multiple: '多重事件',
};

function describe(key: string): string {
  if (NAMES[key]) return NAMES[key];
  const definition = key.split(':').pop() ?? key;
  if (NAMES[definition]) return NAMES[definition];
  return key;
}

/**
 * `tongban/unsupported-element`: every element the engine cannot execute is an error, so a model is never
 * published and then stuck. Config: `{ supported?: string[] }` (support keys, see `support.ts`); the engine's
 * registry is passed in when it exports one.
 */
const factory: LintRuleFactory = (config = {}) => {
  const supported = new Set((config.supported as string[] | undefined) ?? DEFAULT_SUPPORTED_ELEMENTS);
  return {
    check(node, reporter) {
      const reason = unsupportedReason(node, supported);
      if (!reason) return;
      const target = is(node, 'bpmn:LoopCharacteristics') ? owningElement(node.$parent ?? node) : node;
      if (!target.id) return;
      reporter.report(target.id, pick({
        zh: `引擎不支持${describe(reason)}（${reason}），发布时将被拒绝`,
        en: `the engine does not execute ${reason}; publishing will be refused`,
      }));
    },
  };
};

export default factory;
