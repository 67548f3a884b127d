/** Pure helpers for variable documents and mapping targets. */

/** Whether a value is a plain JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns a copy of `base` with `value` at `path` (copying only the objects along the path). A non-object on the
 * way is replaced by an object, as Zeebe does for a dotted mapping target.
 */
export function setPath(base: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const object = isPlainObject(base) ? { ...base } : {};
  object[head] = setPath(object[head], rest, value);
  return object;
}

/**
 * Writes one mapping result into a result document: a plain target sets a variable, a dotted target
 * (`order.name`) merges into the variable named by its first segment, starting from `current(name)` (the value the
 * mapping would otherwise overwrite).
 */
export function assignTarget(
  result: Record<string, unknown>,
  target: string,
  value: unknown,
  current: (name: string) => unknown,
): void {
  const path = target.split('.').map((segment) => segment.trim());
  const head = path[0]!;
  if (path.length === 1) {
    result[head] = value;
    return;
  }
  const base = Object.prototype.hasOwnProperty.call(result, head) ? result[head] : current(head);
  result[head] = setPath(base, path.slice(1), value);
}

/** Whether a string is a plain variable name (so it can be nil-initialised, like Zeebe's output element). */
export function isVariableName(text: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(text.trim());
}

/**
 * Copies caller-supplied variables into plain JSON (dropping `undefined`, turning dates into strings), so the
 * state never aliases the caller's objects and always serialises.
 */
export function normaliseVariables(variables: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!variables) return {};
  return JSON.parse(JSON.stringify(variables)) as Record<string, unknown>;
}
