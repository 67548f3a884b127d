/**
 * Plain-data helpers with the semantics form-js relies on (min-dash `get`/`set`, lodash `isEqual`), written
 * for JSON values and hardened against prototype pollution.
 */

/** One segment of a value path: an object key or an array index. */
export type PathSegment = string | number;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A plain object (`{}` or `Object.create(null)`), the only kind of record form data holds. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function hasOwn(target: object, key: PathSegment): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}

/**
 * Reads the value at `path`; `undefined` when any step is missing. Only own properties are read, so a key such as
 * `constructor` never reaches the prototype.
 */
export function getAt(target: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = target;
  for (const key of path) {
    if (current === null || current === undefined) return undefined;
    if (typeof current !== 'object' && typeof current !== 'string') return undefined;
    if (FORBIDDEN_KEYS.has(String(key))) return undefined;
    if (!hasOwn(Object(current) as object, key)) return undefined;
    current = (current as Record<PathSegment, unknown>)[key];
  }
  return current;
}

/**
 * Writes `value` at `path`, creating missing containers on the way: an array when the next segment is numeric, an
 * object otherwise (min-dash `set`). Writing `undefined` deletes the key, which leaves a hole in an array. A step
 * through a forbidden key stops the write; so does a step through a primitive, unless `replacePrimitives` is set,
 * in which case the primitive is replaced by a new container.
 */
export function setAt(target: Record<string, unknown>, path: readonly PathSegment[], value: unknown, replacePrimitives = false): void {
  let current: Record<PathSegment, unknown> = target;
  for (let index = 0; index < path.length; index++) {
    const key = path[index] as PathSegment;
    if (FORBIDDEN_KEYS.has(String(key))) return;
    const nextKey = path[index + 1];
    if (nextKey === undefined) {
      if (value === undefined) delete current[key];
      else current[key] = value;
      return;
    }
    let next = hasOwn(current, key) ? current[key] : undefined;
    if (next === null || next === undefined || (replacePrimitives && typeof next !== 'object')) {
      next = Number.isNaN(Number(nextKey)) ? {} : [];
      current[key] = next;
    }
    if (typeof next !== 'object') return;
    current = next as Record<PathSegment, unknown>;
  }
}

/** Deep structural equality of JSON-like values (lodash `isEqual` for the cases form data has). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => hasOwn(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Whether `value` deep-equals one of `candidates` (form-js `hasEqualValue`). */
export function includesEqual(candidates: readonly unknown[], value: unknown): boolean {
  return candidates.some((candidate) => deepEqual(candidate, value));
}

/**
 * A deep copy of JSON-like data; functions, `undefined` entries and the keys `__proto__`, `constructor` and
 * `prototype` are dropped, array holes are kept.
 */
export function cloneData<T>(value: T): T {
  if (Array.isArray(value)) {
    const copy = new Array(value.length) as unknown[];
    value.forEach((item, index) => {
      copy[index] = cloneData(item);
    });
    return copy as T;
  }
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined && typeof item !== 'function' && !FORBIDDEN_KEYS.has(key)) copy[key] = cloneData(item);
    }
    return copy as T;
  }
  return value;
}

/** Encodes a value path as a JSON Pointer (RFC 6901), `''` for the root. */
export function toPointer(path: readonly PathSegment[]): string {
  return path.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
