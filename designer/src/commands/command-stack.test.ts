import { describe, expect, it } from 'vitest';
import { CommandStack } from './command-stack';
import { registerDocumentCommands } from './document-commands';

function setup(initial: Record<string, unknown> = {}) {
  const doc: Record<string, unknown> = structuredClone(initial);
  const stack = new CommandStack();
  registerDocumentCommands(stack, () => doc);
  return { doc, stack };
}

describe('CommandStack › document commands', () => {
  it('undoes and redoes a set, restoring an absent property as absent', () => {
    // given an empty document
    const { doc, stack } = setup();
    // when a nested field is set, then undone, then redone
    stack.execute('document.set', { path: ['contact', 'phone'], value: '12345' });
    expect(doc).toEqual({ contact: { phone: '12345' } });
    stack.undo();
    expect(doc).toEqual({ contact: {} });
    expect('phone' in (doc.contact as object)).toBe(false);
    stack.redo();
    expect(doc).toEqual({ contact: { phone: '12345' } });
  });

  it('coalesces typing in one field into a single undo step', () => {
    const { doc, stack } = setup({ name: '旧名称' });
    for (const value of ['食', '食品', '食品经营']) stack.execute('document.set', { path: ['name'], value }, { coalesce: 'set:/name' });
    expect(doc.name).toBe('食品经营');
    expect(stack.undoDepth).toBe(1);
    stack.undo();
    expect(doc.name).toBe('旧名称');
    expect(stack.canUndo()).toBe(false);
  });

  it('does not coalesce across different fields or after an undo', () => {
    const { doc, stack } = setup({ a: 1, b: 1 });
    stack.execute('document.set', { path: ['a'], value: 2 }, { coalesce: 'set:/a' });
    stack.execute('document.set', { path: ['b'], value: 2 }, { coalesce: 'set:/b' });
    stack.execute('document.set', { path: ['a'], value: 3 }, { coalesce: 'set:/a' });
    expect(stack.undoDepth).toBe(3);
    stack.undo();
    expect(doc).toEqual({ a: 2, b: 2 });
  });

  it('inserts, moves and removes list entries with exact undo', () => {
    const { doc, stack } = setup({ list: ['a', 'b', 'c'] });
    stack.execute('list.insert', { path: ['list'], index: 1, value: 'x' });
    stack.execute('list.move', { path: ['list'], from: 0, to: 3 });
    stack.execute('list.remove', { path: ['list'], index: 0 });
    expect(doc.list).toEqual(['b', 'c', 'a']);
    stack.undo();
    expect(doc.list).toEqual(['x', 'b', 'c', 'a']);
    stack.undo();
    expect(doc.list).toEqual(['a', 'x', 'b', 'c']);
    stack.undo();
    expect(doc.list).toEqual(['a', 'b', 'c']);
    stack.redo();
    stack.redo();
    stack.redo();
    expect(doc.list).toEqual(['b', 'c', 'a']);
  });

  it('discards the redo branch when a new command executes', () => {
    const { doc, stack } = setup({ n: 0 });
    stack.execute('document.set', { path: ['n'], value: 1 });
    stack.undo();
    stack.execute('document.set', { path: ['n'], value: 2 });
    expect(stack.canRedo()).toBe(false);
    expect(doc.n).toBe(2);
  });

  it('lets interceptors extend a command so that one undo restores everything', () => {
    const { doc, stack } = setup({ m: { requirement: 'conditional', condition: '=x' } });
    stack.intercept((command, context) => {
      const patch = (context as { patch?: Record<string, unknown> }).patch;
      if (command === 'document.update' && patch && patch.requirement !== 'conditional') patch.condition = undefined;
    });
    stack.execute('document.update', { path: ['m'], patch: { requirement: 'required' } });
    expect(doc.m).toEqual({ requirement: 'required' });
    stack.undo();
    expect(doc.m).toEqual({ requirement: 'conditional', condition: '=x' });
  });

  it('keeps history independent of later edits of the value passed in', () => {
    const { doc, stack } = setup({ list: [] });
    const value = { id: 'M001' };
    stack.execute('list.insert', { path: ['list'], index: 0, value });
    value.id = 'changed';
    expect(doc.list).toEqual([{ id: 'M001' }]);
  });

  it('notifies listeners of every change', () => {
    const { stack } = setup();
    const kinds: string[] = [];
    stack.onChange((event) => kinds.push(event.kind));
    stack.execute('document.set', { path: ['x'], value: 1 });
    stack.undo();
    stack.redo();
    stack.clear();
    expect(kinds).toEqual(['execute', 'undo', 'redo', 'clear']);
  });
});
