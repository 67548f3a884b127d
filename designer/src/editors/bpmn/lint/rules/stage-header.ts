import { STAGE_VALUES } from '@tongban/schemas';
import { extensionsOf, is } from '../../moddle';
import { pick } from '../messages';
import type { LintRuleFactory } from '../types';

const STAGE_NAMES: Record<string, string> = {
  submit: '申请', accept: '受理', review: '审查', decide: '决定', close: '办结', deliver: '送达',
};

/**
 * `tongban/stage-header`: the `stage` task header says which stage of the application a task is (accept, review,
 * decide, close, deliver); the runtime moves the application's stage and its clock by it. Tasks of the types in
 * `config.requireFor` (default: user tasks) must have one; any stage given must be a known one.
 */
const factory: LintRuleFactory = (config = {}) => {
  const requireFor = (config.requireFor as string[] | undefined) ?? ['bpmn:UserTask'];
  return {
    check(node, reporter) {
      if (!node.id || !(is(node, 'bpmn:UserTask') || is(node, 'bpmn:ServiceTask'))) return;
      const headers = extensionsOf(node, 'zeebe:TaskHeaders')
        .flatMap((container) => (container.values as { key?: string; value?: string }[] | undefined) ?? []);
      const stage = headers.find((header) => header.key === 'stage');
      if (!stage) {
        if (requireFor.some((type) => is(node, type))) {
          reporter.report(node.id, pick({
            zh: `任务缺少 stage 头（办件环节：${STAGE_VALUES.map((value) => `${value} ${STAGE_NAMES[value]}`).join('、')}）`,
            en: `the task has no stage header (one of ${STAGE_VALUES.join(', ')})`,
          }));
        }
        return;
      }
      if (!(STAGE_VALUES as readonly string[]).includes(stage.value ?? '')) {
        reporter.report(node.id, pick({
          zh: `stage 头的取值“${stage.value ?? ''}”无效，应为 ${STAGE_VALUES.join('、')} 之一`,
          en: `the stage header "${stage.value ?? ''}" must be one of ${STAGE_VALUES.join(', ')}`,
        }));
      }
    },
  };
};

export default factory;
