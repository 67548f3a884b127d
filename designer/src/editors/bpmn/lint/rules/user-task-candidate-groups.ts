import { extensionsOf, is } from '../../moddle';
import { pick } from '../messages';
import type { LintRuleFactory } from '../types';

/**
 * `tongban/user-task-candidate-groups`: a user task names who handles it with
 * `zeebe:assignmentDefinition candidateGroups` (ARCHITECTURE.md, BPMN conventions); without it no one's
 * worklist shows the task.
 */
const factory: LintRuleFactory = () => ({
  check(node, reporter) {
    if (!is(node, 'bpmn:UserTask') || !node.id) return;
    const groups = extensionsOf(node, 'zeebe:AssignmentDefinition')
      .map((assignment) => String(assignment.candidateGroups ?? '').trim())
      .find((value) => value !== '');
    if (groups) return;
    reporter.report(node.id, pick({
      zh: '用户任务未设置候选组（办理角色）',
      en: 'the user task has no candidate groups',
    }));
  },
});

export default factory;
