import { parseExpression } from 'feelin';

/** Result of {@link checkFeelSyntax}. */
export type FeelSyntaxResult =
  | { ok: true }
  | { ok: false; from: number; to: number; message: { zh: string; en: string } };

/**
 * Checks the syntax of a FEEL expression the way the engine and form-js read it (feelin's grammar). Accepts the
 * zeebe convention of a leading `=`, which is not part of the expression. Never evaluates the expression, so it
 * is safe on every keystroke.
 *
 * @param source the expression, with or without the leading `=`
 * @returns `ok`, or the position of the first syntax error (offsets into `source`)
 */
export function checkFeelSyntax(source: string): FeelSyntaxResult {
  const offset = source.startsWith('=') ? 1 : 0;
  const expression = source.slice(offset);
  if (expression.trim() === '') {
    return { ok: false, from: offset, to: offset, message: { zh: '表达式为空', en: 'the expression is empty' } };
  }
  let tree;
  try {
    tree = parseExpression(expression, {}, undefined);
  } catch {
    return { ok: false, from: offset, to: source.length, message: { zh: '表达式无法解析', en: 'the expression cannot be parsed' } };
  }
  let error: { from: number; to: number; context: string } | null = null;
  tree.iterate({
    enter(node) {
      if (error) return false;
      if (node.type.isError) error = { from: node.from, to: node.to, context: node.node.parent?.name ?? 'Expression' };
      return undefined;
    },
  });
  if (!error) return { ok: true };
  const found = error as { from: number; to: number; context: string };
  const incomplete = found.from >= expression.length;
  return {
    ok: false,
    from: found.from + offset,
    to: found.to + offset,
    message: incomplete
      ? { zh: `表达式不完整（${found.context}）`, en: `incomplete expression (${found.context})` }
      : {
          zh: `第 ${found.from + offset + 1} 个字符附近有语法错误`,
          en: `syntax error near character ${found.from + offset + 1}`,
        },
  };
}
