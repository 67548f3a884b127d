// @vitest-environment node
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixtureBundle, fixtureCatalogue } from '../../dev/fixture-catalogue';
import { useItemEditorStore } from './item-editor';

/** Opens the first example item that has a conditional material. */
function openFixture() {
  const store = useItemEditorStore();
  const item = fixtureCatalogue().items.find((candidate) => candidate.materials.some((material) => material.requirement === 'conditional'))!;
  store.open(item.code, fixtureBundle(item.code));
  return store;
}

describe('useItemEditorStore › elements and checklist edits', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('validates the item live with the runtime schema, per field path', () => {
    // given a valid example item
    const store = openFixture();
    expect(store.issues).toEqual([]);
    const committed = store.draft.committedTimeLimitDays;
    // when the committed time limit exceeds the legal one
    store.setField(['committedTimeLimitDays'], store.draft.legalTimeLimitDays! + 1);
    // then the cross-field rule names the field
    expect(store.issuesByPath.get('/committedTimeLimitDays')?.[0]?.code).toBe('TB_ITEM_COMMITTED_EXCEEDS_LEGAL');
    // and undo brings the valid value back
    store.undo();
    expect(store.draft.committedTimeLimitDays).toBe(committed);
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
    const condition = store.draft.materials![index]!.condition;
    store.updateObject(['materials', index], { requirement: 'optional' });
    expect(store.draft.materials![index]).not.toHaveProperty('condition');
    expect(store.issues).toEqual([]);
    store.undo();
    expect(store.draft.materials![index]).toMatchObject({ requirement: 'conditional', condition });
  });

  it('adds, reorders and removes materials as undoable commands', () => {
    const store = openFixture();
    const ids = () => store.draft.materials!.map((material) => material.id);
    const before = ids();
    const index = store.addMaterial('身份证明');
    const added = ids()[index]!;
    expect(ids()).toEqual([...before, added]);
    store.moveMaterial(index, 0);
    expect(ids()).toEqual([added, ...before]);
    store.removeMaterial(1);
    expect(ids()).toEqual([added, ...before.slice(1)]);
    store.undo();
    store.undo();
    expect(ids()).toEqual([...before, added]);
    expect(store.canRedo).toBe(true);
    store.redo();
    expect(ids()).toEqual([added, ...before]);
  });

  it('flags a duplicated material id through the item rules', () => {
    const store = openFixture();
    store.setField(['materials', 1, 'id'], store.draft.materials![0]!.id);
    expect(store.issuesByPath.get('/materials/1/id')?.[0]?.code).toBe('TB_ITEM_DUPLICATE_MATERIAL');
  });
});
