import type { CommandStack } from './command-stack';

/** A path into a JSON document: object keys and array indexes. */
export type DocumentPath = readonly (string | number)[];

type Container = Record<string | number, unknown>;

/** The value at `path`, or `undefined` when any step is missing. */
export function getAt(root: unknown, path: DocumentPath): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Container)[key];
  }
  return node;
}

function containerAt(root: unknown, path: DocumentPath, create: boolean): Container {
  let node = root as Container;
  path.forEach((key, i) => {
    let next = node[key];
    if (next === null || typeof next !== 'object') {
      if (!create) throw new Error(`no container at /${path.slice(0, i + 1).join('/')}`);
      next = typeof path[i + 1] === 'number' ? [] : {};
      node[key] = next;
    }
    node = next as Container;
  });
  return node;
}

/** The previous state of one property: whether it existed and its value. */
interface Previous {
  existed: boolean;
  value: unknown;
}

function assign(target: Container, key: string | number, value: unknown): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

/** Context of `document.set`: sets (or, with `value: undefined`, removes) one property. */
export interface SetContext {
  path: DocumentPath;
  value: unknown;
  previous?: Previous;
}

/** Context of `document.update`: sets or removes several properties of one object in one step. */
export interface UpdateContext {
  path: DocumentPath;
  patch: Record<string, unknown>;
  previous?: Record<string, Previous>;
}

/** Context of `list.insert`. */
export interface InsertContext {
  path: DocumentPath;
  index: number;
  value: unknown;
}

/** Context of `list.remove`. */
export interface RemoveContext {
  path: DocumentPath;
  index: number;
  removed?: unknown;
}

/** Context of `list.move`. */
export interface MoveContext {
  path: DocumentPath;
  from: number;
  to: number;
}

/**
 * Registers the generic JSON document commands on a stack, editing the document returned by `root()` in place
 * (so a reactive proxy stays reactive): `document.set`, `document.update`, `list.insert`, `list.remove`,
 * `list.move`. Values are cloned on the way in, so later edits of the caller's object do not leak into history.
 */
export function registerDocumentCommands(stack: CommandStack, root: () => unknown): void {
  stack.register<SetContext>('document.set', {
    execute(context) {
      const key = context.path[context.path.length - 1]!;
      const parent = containerAt(root(), context.path.slice(0, -1), true);
      context.previous ??= { existed: key in parent, value: clone(parent[key]) };
      assign(parent, key, clone(context.value));
    },
    revert(context) {
      const key = context.path[context.path.length - 1]!;
      const parent = containerAt(root(), context.path.slice(0, -1), true);
      assign(parent, key, context.previous!.existed ? clone(context.previous!.value) : undefined);
    },
    merge(previous, next) {
      return { ...next, previous: previous.previous };
    },
  });
  stack.register<UpdateContext>('document.update', {
    execute(context) {
      const target = containerAt(root(), context.path, true);
      if (!context.previous) {
        context.previous = {};
        for (const key of Object.keys(context.patch)) {
          context.previous[key] = { existed: key in target, value: clone(target[key]) };
        }
      }
      for (const [key, value] of Object.entries(context.patch)) assign(target, key, clone(value));
    },
    revert(context) {
      const target = containerAt(root(), context.path, true);
      for (const [key, previous] of Object.entries(context.previous!)) {
        assign(target, key, previous.existed ? clone(previous.value) : undefined);
      }
    },
  });
  stack.register<InsertContext>('list.insert', {
    execute(context) {
      list(root(), context.path, true).splice(context.index, 0, clone(context.value));
    },
    revert(context) {
      list(root(), context.path, false).splice(context.index, 1);
    },
  });
  stack.register<RemoveContext>('list.remove', {
    execute(context) {
      const [removed] = list(root(), context.path, false).splice(context.index, 1);
      context.removed ??= clone(removed);
    },
    revert(context) {
      list(root(), context.path, true).splice(context.index, 0, clone(context.removed));
    },
  });
  stack.register<MoveContext>('list.move', {
    execute(context) {
      move(list(root(), context.path, false), context.from, context.to);
    },
    revert(context) {
      move(list(root(), context.path, false), context.to, context.from);
    },
  });
}

function list(root: unknown, path: DocumentPath, create: boolean): unknown[] {
  const parent = containerAt(root, path.slice(0, -1), create);
  const key = path[path.length - 1]!;
  if (!Array.isArray(parent[key])) {
    if (!create) throw new Error(`no list at /${path.join('/')}`);
    parent[key] = [];
  }
  return parent[key] as unknown[];
}

function move(items: unknown[], from: number, to: number): void {
  const [item] = items.splice(from, 1);
  items.splice(to, 0, item);
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
