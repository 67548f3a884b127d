import { is, type ModdleElement } from '../../moddle';
import { pick } from '../messages';
import type { LintRuleFactory } from '../types';

/**
 * `tongban/exclusive-gateway-default`: a forking exclusive gateway whose outgoing flows are not all conditioned
 * must name a default flow; otherwise an application can take an unconditioned branch by accident or get stuck
 * with no branch taken (BPMN 2.0 §13.3.2: no condition true and no default is an exception).
 */
const factory: LintRuleFactory = () => ({
  check(node, reporter) {
    if (!is(node, 'bpmn:ExclusiveGateway') || !node.id) return;
    const outgoing = outgoingOf(node);
    if (outgoing.length < 2 || node.default) return;
    const unconditioned = outgoing.filter((flow) => !flow.conditionExpression);
    if (unconditioned.length === 0) {
      reporter.report(node.id, pick({
        zh: '排他网关没有默认分支：所有条件都不满足时办件将停滞',
        en: 'the exclusive gateway has no default flow: the application stops when no condition holds',
      }));
      return;
    }
    for (const flow of unconditioned) {
      if (!flow.id) continue;
      reporter.report(flow.id, pick({
        zh: '排他网关的分支未设置条件，且网关没有默认分支',
        en: 'this branch of an exclusive gateway has no condition and the gateway has no default flow',
      }));
    }
  },
});

/** Outgoing flows from the container's flow elements: `outgoing` is only filled when the XML lists it. */
function outgoingOf(node: ModdleElement): ModdleElement[] {
  const siblings = (node.$parent?.flowElements as ModdleElement[] | undefined) ?? [];
  const flows = siblings.filter((element) => is(element, 'bpmn:SequenceFlow') && element.sourceRef === node);
  return flows.length > 0 ? flows : ((node.outgoing as ModdleElement[] | undefined) ?? []);
}

export default factory;
