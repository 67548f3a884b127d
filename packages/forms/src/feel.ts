/**
 * FEEL as form-js uses it: a property is an expression when it is a string starting with `=`; the rest is evaluated
 * by feelin (the interpreter form-js embeds). Conditions such as `conditional.hide` are evaluated as *unary tests*,
 * like the viewer does, so `=amount <= 2` is `true` when `amount` is missing (null is compared with null).
 */
import { date, dateAndTime, evaluate, parseExpression, parseUnaryTests, unaryTest } from 'feelin';
import { isPlainObject } from './internal/values';

/** A FEEL expression in form-js notation: a string starting with `=`. */
export type FeelExpression = `=${string}`;

/** Whether `value` is a FEEL expression in form-js notation (a string starting with `=`). */
export function isFeelExpression(value: unknown): value is FeelExpression {
  return typeof value === 'string' && value.startsWith('=');
}

function stripEquals(expression: string): string {
  return expression.startsWith('=') ? expression.slice(1) : expression;
}

/**
 * Converts a FEEL result to JSON data: temporal values become their ISO strings, lists and contexts are converted
 * item by item, and functions, ranges and other host objects become `null`.
 */
export function toPlainValue(value: unknown): unknown {
  if (value === null || value === undefined || typeof value === 'function') return null;
  if (Array.isArray(value)) return value.map(toPlainValue);
  if (typeof value === 'object') {
    if (isPlainObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlainValue(item)]));
    }
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    return typeof toJSON === 'function' ? (toJSON.call(value) as unknown) : null;
  }
  return value;
}

/**
 * Evaluates a FEEL expression (`=…`) against `context` and returns feelin's raw result (a name nobody defines
 * may resolve to a built-in function, e.g. `=min`). Like the form-js viewer, any failure (syntax error, exception)
 * yields `null`, and a string that is not an expression yields `null` too. Use {@link toPlainValue} before storing
 * the result as data.
 */
export function evaluateFeel(expression: unknown, context: Record<string, unknown>): unknown {
  if (!isFeelExpression(expression)) return null;
  try {
    const { value } = evaluate(expression.slice(1), context);
    return value === undefined ? null : value;
  } catch {
    return null;
  }
}

/**
 * Evaluates a FEEL condition (`=…`) as a unary test, the way form-js evaluates `conditional.hide` and `readonly`.
 * Returns `null` when the value is not an expression or the evaluation fails; callers treat only `true` as true.
 */
export function testFeel(expression: unknown, context: Record<string, unknown>): boolean | null {
  if (!isFeelExpression(expression)) return null;
  try {
    const { value } = unaryTest(expression.slice(1), context);
    return typeof value === 'boolean' ? value : null;
  } catch {
    return null;
  }
}

/** A FEEL syntax error: the message and the offset in the expression text (without the leading `=`). */
export interface FeelSyntaxError {
  message: string;
  from: number;
}

/**
 * The first syntax error of a FEEL expression (leading `=` optional), or `null` when it parses.
 * `flavour` picks the grammar: a plain expression or unary tests.
 */
export function findFeelSyntaxError(expression: string, flavour: 'expression' | 'unaryTests' = 'expression'): FeelSyntaxError | null {
  const text = stripEquals(expression);
  if (text.trim() === '') return { message: 'empty expression', from: 0 };
  let tree;
  try {
    tree = flavour === 'expression' ? parseExpression(text, {}, undefined) : parseUnaryTests(text, {}, undefined);
  } catch (error) {
    return { message: error instanceof Error ? error.message : String(error), from: 0 };
  }
  let found: FeelSyntaxError | null = null;
  tree.iterate({
    enter: (node) => {
      if (found) return false;
      if (node.type.isError) {
        found = { message: `unexpected ${node.from >= text.length ? 'end of expression' : `"${text.slice(node.from, node.from + 10)}"`}`, from: node.from };
        return false;
      }
      return undefined;
    },
  });
  return found;
}

const TRAILING_KEYWORDS = [' not'];

interface SimpleNode {
  name: string;
  text: string;
  children: SimpleNode[];
}

function simplify(expression: string): SimpleNode {
  const tree = parseExpression(expression, {}, undefined);
  const root: SimpleNode = { name: 'Root', text: expression, children: [] };
  const stack: SimpleNode[] = [root];
  tree.iterate({
    enter: (node) => {
      const simple: SimpleNode = { name: node.type.name, text: expression.slice(node.from, node.to), children: [] };
      (stack[stack.length - 1] as SimpleNode).children.push(simple);
      stack.push(simple);
    },
    leave: () => {
      stack.pop();
    },
  });
  return root;
}

function boundNames(node: SimpleNode): Set<string> {
  const names = new Set<string>();
  const visit = (current: SimpleNode) => {
    if (current.name === 'InExpression' || current.name === 'FormalParameter') {
      const name = current.children.find((child) => child.name === 'Name' || child.name === 'ParameterName');
      if (name) names.add(name.text.trim());
    }
    current.children.forEach(visit);
  };
  visit(node);
  return names;
}

/**
 * The variables a FEEL expression reads from its context, in order of first use, each once (leading `=`
 * optional). For a path `applicant.name` it is the root, `applicant`. Function names, type names, variables bound by
 * `for`/`some`/`every`/function parameters and the filter variable `item` are excluded. Names used unqualified inside
 * a filter (`list[age > 18]`) are reported, as form-js does, although they may be properties of the list items.
 * Returns `[]` for an expression that does not parse.
 */
export function feelVariableNames(expression: string): string[] {
  const text = stripEquals(expression);
  if (findFeelSyntaxError(text) !== null) return [];
  const names: string[] = [];
  const add = (name: string) => {
    let cleaned = name.trim();
    for (const keyword of TRAILING_KEYWORDS) if (cleaned.endsWith(keyword)) cleaned = cleaned.slice(0, -keyword.length);
    if (cleaned !== '' && !names.includes(cleaned)) names.push(cleaned);
  };
  const visit = (node: SimpleNode, bound: ReadonlySet<string>, inFilter: boolean) => {
    switch (node.name) {
      case 'VariableName':
        if (!bound.has(node.text.trim()) && !(inFilter && node.text.trim() === 'item')) add(node.text);
        return;
      case 'FunctionInvocation':
        node.children.filter((child) => child.name !== 'VariableName').forEach((child) => visit(child, bound, inFilter));
        return;
      case 'Type':
      case 'QualifiedName':
        return;
      case 'ForExpression':
      case 'QuantifiedExpression':
      case 'FunctionDefinition': {
        const inner = new Set([...bound, ...boundNames(node)]);
        node.children.forEach((child) => visit(child, inner, inFilter));
        return;
      }
      case 'FilterExpression': {
        const [target, , predicate] = node.children;
        if (target) visit(target, bound, inFilter);
        if (predicate) visit(predicate, bound, true);
        return;
      }
      default:
        node.children.forEach((child) => visit(child, bound, inFilter));
    }
  };
  visit(simplify(text), new Set(), false);
  return names;
}

/** Where "now" comes from for FEEL `now()`/`today()` and date rules; packages/forms never reads the clock itself. */
export interface FeelClock {
  /** The current instant. Without it `now()` and `today()` evaluate to `null`. */
  now?: Date | string;
  /** IANA time zone of the service, for `today()` and local dates. Default `Asia/Shanghai`. */
  timeZone?: string;
}

/** The local calendar date and wall-clock time of an instant in a time zone. */
export interface LocalDateTime {
  date: string;
  time: string;
}

/** The local date (`YYYY-MM-DD`) and time (`HH:mm:ss`) of `clock.now` in `clock.timeZone`, or `null` without a clock. */
export function localNow(clock: FeelClock): LocalDateTime | null {
  if (clock.now === undefined) return null;
  const instant = clock.now instanceof Date ? clock.now : new Date(clock.now);
  if (Number.isNaN(instant.getTime())) return null;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: clock.timeZone ?? 'Asia/Shanghai',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}:${part('second')}` };
}

/**
 * Context entries that replace FEEL's clock built-ins `now()` and `today()` with the injected clock, so evaluation
 * stays deterministic. Without a clock both return `null`.
 */
export function clockFunctions(clock: FeelClock): Record<string, unknown> {
  const local = localNow(clock);
  const zone = clock.timeZone ?? 'Asia/Shanghai';
  return {
    now: () => (local ? dateAndTime(`${local.date}T${local.time}@${zone}`) : null),
    today: () => (local ? date(local.date) : null),
  };
}
