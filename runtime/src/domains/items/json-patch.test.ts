import { describe, expect, it } from 'vitest';
import { applyPatch, PatchError } from './json-patch';

describe('applyPatch', () => {
  it('adds, replaces, removes and tests on a copy', () => {
    const document = { item: { committed: 10, materials: [{ id: 'M1' }], fees: { charged: false } } };
    const patched = applyPatch(document, [
      { op: 'test', path: '/item/committed', value: 10 },
      { op: 'replace', path: '/item/committed', value: 3 },
      { op: 'add', path: '/item/materials/-', value: { id: 'M2' } },
      { op: 'add', path: '/item/materials/0', value: { id: 'M0' } },
      { op: 'remove', path: '/item/fees' },
      { op: 'add', path: '/item/tags', value: ['一件事'] },
    ]);
    expect(patched).toEqual({ item: { committed: 3, materials: [{ id: 'M0' }, { id: 'M1' }, { id: 'M2' }], tags: ['一件事'] } });
    expect(document.item.committed).toBe(10);
  });

  it('fails at the operation that does not apply, leaving the document alone', () => {
    const document = { item: { committed: 10 } };
    const attempt = () => applyPatch(document, [{ op: 'replace', path: '/item/committed', value: 3 }, { op: 'remove', path: '/item/legal' }]);
    expect(attempt).toThrow(PatchError);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ index: 1, path: '/item/legal' });
    }
    expect(() => applyPatch(document, [{ op: 'test', path: '/item/committed', value: 9 }])).toThrow(/differs/);
    expect(() => applyPatch(document, [{ op: 'add', path: '/__proto__/polluted', value: 1 }])).toThrow(/not allowed/);
    expect(document).toEqual({ item: { committed: 10 } });
  });
});
