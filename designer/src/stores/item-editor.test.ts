import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixtureBundle, fixtureItems } from '../../dev/fixture-catalogue';
import { useItemEditorStore } from './item-editor';

function openFixture() {
  const store = useItemEditorStore();
  const summary = fixtureItems(1)[0]!;
  store.open(summary.code, fixtureBundle(summary, '<bpmn:definitions />'));
  return store;
}

describe('useItemEditorStore › elements and checklist edits', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('validates the item live with the runtime schema, per field path', () => {
    // given a valid item
    const store = openFixture();
    expect(store.issues).toEqual([]);
    // when the committed time limit exceeds the legal one
    store.setField(['committedTimeLimitDays'], 30);
    // then the cross-field rule names the field
    expect(store.issuesByPath.get('/committedTimeLimitDays')?.[0]?.code).toBe('TB_ITEM_COMMITTED_EXCEEDS_LEGAL');
    // and undo brings the valid value back
    store.undo();
    expect(store.draft.committedTimeLimitDays).toBe(10);
    expect(store.issues).toEqual([]);
  });

  it('reports a required field emptied by the user at its path', () => {
    const store = openFixture();
    store.setField(['contact', 'phone'], undefined);
    expect(store.issuesByPath.get('/contact/phone')?.[0]).toMatchObject({ code: 'TB_SCHEMA_REQUIRED', message: { zh: '必填项缺失' } });
    expect(store.dirty).toBe(true);
  });

  it('drops the condition of a material that stops being conditional, and undo restores it in one step', () => {
    const store = openFixture();
    const index = store.draft.materials!.findIndex((material) => material.requirement === 'conditional');
    store.updateObject(['materials', index], { requirement: 'optional' });
    expect(store.draft.materials![index]).not.toHaveProperty('condition');
    expect(store.issues).toEqual([]);
    store.undo();
    expect(store.draft.materials![index]).toMatchObject({ requirement: 'conditional', condition: '=applicantType = "organisation"' });
  });

  it('adds, reorders and removes materials as undoable commands', () => {
    const store = openFixture();
    const ids = () => store.draft.materials!.map((material) => material.id);
    const index = store.addMaterial('身份证明');
    expect(index).toBe(3);
    expect(ids()).toEqual(['M001', 'M002', 'M003', 'M004']);
    store.moveMaterial(3, 0);
    expect(ids()).toEqual(['M004', 'M001', 'M002', 'M003']);
    store.removeMaterial(1);
    expect(ids()).toEqual(['M004', 'M002', 'M003']);
    store.undo();
    store.undo();
    expect(ids()).toEqual(['M001', 'M002', 'M003', 'M004']);
    expect(store.canRedo).toBe(true);
    store.redo();
    expect(ids()).toEqual(['M004', 'M001', 'M002', 'M003']);
  });

  it('flags a duplicated material id through the item rules', () => {
    const store = openFixture();
    store.setField(['materials', 1, 'id'], 'M001');
    expect(store.issuesByPath.get('/materials/1/id')?.[0]?.code).toBe('TB_ITEM_DUPLICATE_MATERIAL');
  });
});
