import { checkFeelSyntax } from '../../../feel';
import { is, owningElement, type ModdleElement } from '../../moddle';
import { pick } from '../messages';
import type { LintRuleFactory } from '../types';

/** Formal expressions that are FEEL in the zeebe dialect even without the leading `=`. */
const ALWAYS_FEEL = new Set(['conditionExpression', 'completionCondition']);

/**
 * `tongban/feel-syntax`: every FEEL expression of the model (conditions, timer values and zeebe attributes that
 * start with `=`: assignments, due dates, correlation keys, input collections, mappings …) parses with feelin, the
 * interpreter the engine uses.
 */
const factory: LintRuleFactory = () => ({
  check(node, reporter) {
    for (const [property, value] of expressionsOf(node)) {
      const result = checkFeelSyntax(value);
      if (result.ok) continue;
      const owner = owningElement(node);
      if (!owner.id) continue;
      reporter.report(owner.id, pick({
        zh: `FEEL 表达式（${property}）有误：${result.message.zh}`,
        en: `FEEL expression (${property}): ${result.message.en}`,
      }));
    }
  },
});

function expressionsOf(node: ModdleElement): [string, string][] {
  const found: [string, string][] = [];
  if (is(node, 'bpmn:FormalExpression')) {
    const body = typeof node.body === 'string' ? node.body.trim() : '';
    const role = roleOf(node);
    if (body.startsWith('=') || (ALWAYS_FEEL.has(role) && body !== '')) found.push([role, body]);
    return found;
  }
  if (!node.$type.startsWith('zeebe:')) return found;
  const descriptor = (node as { $descriptor?: { properties?: { name: string; isAttr?: boolean; type?: string }[] } }).$descriptor;
  for (const property of descriptor?.properties ?? []) {
    if (!property.isAttr || property.type !== 'String') continue;
    const value = node[property.name];
    if (typeof value === 'string' && value.trim().startsWith('=')) found.push([`${lowerFirst(node.$type.slice(6))}.${property.name}`, value.trim()]);
  }
  return found;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function roleOf(expression: ModdleElement): string {
  const parent = expression.$parent;
  if (!parent) return 'expression';
  for (const [key, value] of Object.entries(parent)) if (value === expression) return key;
  return 'expression';
}

export default factory;
