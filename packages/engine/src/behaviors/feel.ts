/**
 * FEEL through `feelin`, made pure: `now()` and `today()` read the step's clock, caller functions come from the
 * step context, and run-time failures are returned, never thrown.
 */
import {
  date as feelDate,
  dateAndTime as feelDateAndTime,
  evaluate,
  FeelDate,
  FeelDateTime,
  FeelDuration,
  FeelTime,
  parseExpression,
} from 'feelin';
import type { FeelFunction } from '../types/command.js';
import { formatLocalInstant, parseInstant } from './time.js';

/** The outside world a FEEL evaluation may see. */
export interface FeelEnvironment {
  /** ISO instant that `now()` returns. */
  now: string;
  nowMs: number;
  utcOffsetMinutes: number;
  functions?: Record<string, FeelFunction>;
}

/** The outcome of an evaluation: a value (possibly a FEEL temporal value), or an English reason. */
export type FeelOutcome = { ok: true; value: unknown } | { ok: false; message: string };

/** Whether a model value is a FEEL expression by the Zeebe convention (a leading `=`). */
export function isExpression(value: string): boolean {
  return value.trimStart().startsWith('=');
}

/** The FEEL text of a `=…` value (without the `=`). */
export function expressionBody(value: string): string {
  return value.trimStart().slice(1).trim();
}

/** Warnings that mean the expression could not do its job, rather than FEEL's ordinary `null`. */
const FAILING_WARNINGS = new Set(['NO_FUNCTION_FOUND', 'FUNCTION_INVOCATION_FAILURE']);

function clockFunctions(env: FeelEnvironment): Record<string, () => unknown> {
  const local = formatLocalInstant(env.nowMs, env.utcOffsetMinutes);
  return {
    now: () => feelDateAndTime(local),
    today: () => feelDate(local.slice(0, 10)),
  };
}

/**
 * Evaluates a FEEL expression (without `=`) against variables. A missing variable gives `null`, as in Zeebe;
 * a syntax error, an unknown function or a function that fails gives `{ ok: false }`.
 */
export function evaluateFeel(expression: string, variables: Record<string, unknown>, env: FeelEnvironment): FeelOutcome {
  // feelin copies and coerces its whole context on every call; a variable whose name does not occur in the text
  // cannot be referenced (FEEL has no dynamic variable lookup), so only the mentioned ones are passed.
  const context: Record<string, unknown> = {};
  for (const name in variables) {
    if (expression.includes(name)) context[name] = variables[name];
  }
  Object.assign(context, env.functions, clockFunctions(env));
  try {
    const { value, warnings } = evaluate(expression, context);
    const failure = warnings.find((warning) => FAILING_WARNINGS.has(warning.type));
    if (failure) return { ok: false, message: `failed to evaluate '${expression}': ${failure.message}` };
    return { ok: true, value };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `failed to evaluate '${expression}': ${reason}` };
  }
}

/** Evaluates a model value by the Zeebe convention: `=…` is FEEL, anything else the static string itself. */
export function evaluateValue(value: string, variables: Record<string, unknown>, env: FeelEnvironment): FeelOutcome {
  return isExpression(value) ? evaluateFeel(expressionBody(value), variables, env) : { ok: true, value };
}

/**
 * Turns a FEEL value into plain JSON: temporal values become their ISO text, functions and ranges `null`, and
 * non-finite numbers `null`.
 */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof FeelDate || value instanceof FeelDateTime || value instanceof FeelTime || value instanceof FeelDuration) {
    return value.toString();
  }
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return null;
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
      if (entry !== undefined) out[key] = toJsonValue(entry);
    }
    return out;
  }
  return null;
}

/** Turns a FEEL value into the text of a timer value (ISO duration, date-time or cycle), or `null`. */
export function toTimerText(value: unknown, utcOffsetMinutes: number): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof FeelDuration) return value.toString();
  if (value instanceof FeelDateTime) return value.toString();
  if (value instanceof FeelDate) {
    const ms = parseInstant(value.toString(), utcOffsetMinutes);
    return ms === null ? null : formatLocalInstant(ms, utcOffsetMinutes);
  }
  return null;
}

const builtinCache = new Map<string, boolean>();

function isBuiltinFunction(name: string): boolean {
  let known = builtinCache.get(name);
  if (known === undefined) {
    try {
      const { value } = evaluate(name, {});
      known = typeof value === 'function' || (typeof value === 'object' && value !== null && 'invoke' in value);
    } catch {
      known = false;
    }
    builtinCache.set(name, known);
  }
  return known;
}

/** What a deploy-time look at a FEEL expression found. */
export interface FeelCheck {
  syntaxError?: string;
  unknownFunctions: string[];
}

/**
 * Parses a FEEL expression (without `=`) and reports syntax errors and calls of functions that are neither
 * FEEL built-ins nor in `knownFunctions`. Never throws.
 */
export function checkFeel(expression: string, knownFunctions: ReadonlySet<string>): FeelCheck {
  if (expression.trim() === '') return { syntaxError: 'empty expression', unknownFunctions: [] };
  const parseContext: Record<string, unknown> = {};
  for (const name of knownFunctions) parseContext[name] = true;
  let tree;
  try {
    tree = parseExpression(expression, parseContext, undefined);
  } catch (error) {
    return { syntaxError: error instanceof Error ? error.message : String(error), unknownFunctions: [] };
  }
  let syntaxError: string | undefined;
  const unknown = new Set<string>();
  tree.iterate({
    enter(node) {
      if (node.type.isError && syntaxError === undefined) {
        syntaxError = `syntax error at position ${node.from} in '${expression}'`;
      }
      if (node.name === 'FunctionInvocation') {
        const callee = node.node.firstChild;
        if (callee && callee.name === 'VariableName') {
          const name = expression.slice(callee.from, callee.to).replace(/\s+/g, ' ').trim();
          if (!knownFunctions.has(name) && !['now', 'today'].includes(name) && !isBuiltinFunction(name)) unknown.add(name);
        }
      }
      return undefined;
    },
  });
  return syntaxError === undefined ? { unknownFunctions: [...unknown] } : { syntaxError, unknownFunctions: [...unknown] };
}
