import { date, dateAndTime, evaluate } from 'feelin';

/** The outcome of an evaluation: a JSON value, or why it failed. */
export type FeelResult = { ok: true; value: unknown } | { ok: false; message: string };

/** Warnings that mean the expression could not do its job, rather than FEEL's ordinary `null`. */
const FAILING_WARNINGS = new Set(['NO_FUNCTION_FOUND', 'FUNCTION_INVOCATION_FAILURE']);

/** The day and the local date-time (UTC+8, China Standard Time) of an instant, as FEEL `today()` and `now()` see them. */
function clock(now: Date) {
  const local = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return { today: () => date(local.slice(0, 10)), now: () => dateAndTime(`${local}+08:00`) };
}

/** Turns a FEEL value into JSON: temporal values become their ISO text, functions and host objects `null`. */
export function toJson(value: unknown): unknown {
  if (value === null || value === undefined || typeof value === 'function') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toJson);
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto === Object.prototype || proto === null) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toJson(v)]));
  }
  const text = (value as { toString?: () => string }).toString?.();
  return typeof text === 'string' && !text.startsWith('[object') ? text : null;
}

/**
 * Evaluates a value of a declaration by the Zeebe convention: `=…` is FEEL over `context` (with `today()` and
 * `now()` at `now`, China Standard Time), anything else is the constant string itself. A missing variable is `null`,
 * as in Zeebe; a syntax error or a failing function is `{ ok: false }`. Never throws.
 */
export function evaluateValue(value: string, context: Record<string, unknown>, now: Date): FeelResult {
  if (!value.trimStart().startsWith('=')) return { ok: true, value };
  const expression = value.trimStart().slice(1);
  try {
    const { value: result, warnings } = evaluate(expression, { ...context, ...clock(now) });
    const failure = warnings.find((warning) => FAILING_WARNINGS.has(warning.type));
    if (failure) return { ok: false, message: failure.message };
    return { ok: true, value: toJson(result) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Evaluates every entry of a mapping (target → value); entries that fail or give `null` are left out and reported. */
export function evaluateMapping(mapping: Record<string, string> | undefined, context: Record<string, unknown>, now: Date): { values: Record<string, unknown>; failures: Array<{ target: string; message: string }> } {
  const values: Record<string, unknown> = {};
  const failures: Array<{ target: string; message: string }> = [];
  for (const [target, source] of Object.entries(mapping ?? {})) {
    const result = evaluateValue(source, context, now);
    if (!result.ok) failures.push({ target, message: result.message });
    else if (result.value !== null && result.value !== undefined) values[target] = result.value;
  }
  return { values, failures };
}
