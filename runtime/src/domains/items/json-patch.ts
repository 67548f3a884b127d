/**
 * The part of JSON Patch (RFC 6902) a batch change needs: `add`, `remove`, `replace` and `test`, on a copy. A change
 * set applies one patch to many items' drafts ("every item of this policy: committed time limit 3 days").
 */

/** One operation. */
export type PatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string };

/** Why a patch did not apply, at the failing operation. */
export class PatchError extends Error {
  constructor(readonly index: number, readonly path: string, readonly reason: { zh: string; en: string }) {
    super(`operation ${index} (${path}): ${reason.en}`);
    this.name = 'PatchError';
  }
}

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');
const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] => typeof value === 'object' && value !== null;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Applies `operations` in order to a deep copy of `document`; throws {@link PatchError} and leaves `document` alone. */
export function applyPatch<T>(document: T, operations: PatchOperation[]): T {
  const root = { value: structuredClone(document) as unknown };
  operations.forEach((operation, index) => {
    const fail = (zh: string, en: string): never => {
      throw new PatchError(index, operation.path, { zh, en });
    };
    if (!operation.path.startsWith('/') && operation.path !== '') fail('路径须以 / 开头', 'the path must start with /');
    const segments = operation.path === '' ? [] : operation.path.slice(1).split('/').map(unescape);
    if (segments.some((segment) => FORBIDDEN.has(segment))) fail('路径不允许', 'the path is not allowed');
    let parent: unknown = root;
    let key: string = 'value';
    for (const segment of segments) {
      const next = Array.isArray(parent) ? parent[Number(key)] : (parent as Record<string, unknown>)[key];
      if (!isContainer(next)) fail(`路径 ${operation.path} 不存在`, `path ${operation.path} does not exist`);
      parent = next;
      key = segment;
    }
    const container = parent as Record<string, unknown> | unknown[];
    if (Array.isArray(container)) {
      const position = key === '-' ? container.length : Number(key);
      if (!/^(?:0|[1-9]\d*|-)$/.test(key) || position > container.length || (operation.op !== 'add' && position >= container.length)) {
        fail(`数组下标 ${key} 无效`, `array index ${key} is out of range`);
      }
      switch (operation.op) {
        case 'add': container.splice(position, 0, structuredClone(operation.value)); break;
        case 'replace': container[position] = structuredClone(operation.value); break;
        case 'remove': container.splice(position, 1); break;
        case 'test':
          if (JSON.stringify(container[position]) !== JSON.stringify(operation.value)) fail('测试值不符', 'the test value differs');
          break;
      }
      return;
    }
    const exists = Object.prototype.hasOwnProperty.call(container, key);
    if ((operation.op === 'replace' || operation.op === 'remove' || operation.op === 'test') && !exists) {
      fail(`路径 ${operation.path} 不存在`, `path ${operation.path} does not exist`);
    }
    switch (operation.op) {
      case 'add':
      case 'replace':
        container[key] = structuredClone(operation.value);
        break;
      case 'remove':
        delete container[key];
        break;
      case 'test':
        if (JSON.stringify(container[key]) !== JSON.stringify(operation.value)) fail('测试值不符', 'the test value differs');
        break;
    }
  });
  return root.value as T;
}

/** JSON Schema of a patch (route bodies). */
export const patchSchema = {
  type: 'array',
  maxItems: 200,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['op', 'path'],
    properties: {
      op: { type: 'string', enum: ['add', 'remove', 'replace', 'test'] },
      path: { type: 'string', maxLength: 500 },
      value: {},
    },
  },
} as const;
