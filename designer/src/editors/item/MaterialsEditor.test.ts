import { mount, flushPromises } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import { i18n } from '@/locales';
import { useItemEditorStore } from '@/stores/item-editor';
import type * as itemsApi from '@/api/items';
import MaterialsEditor from './MaterialsEditor.vue';

// The editor asks the runtime to validate each edit; these tests look at the browser's own checks only.
vi.mock('@/api/items', async (original) => ({
  ...(await original<typeof itemsApi>()),
  validateContent: vi.fn(async () => ({ ok: true, errors: 0, warnings: 0, problems: [] })),
}));

function mountWith(materials: unknown[]) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const store = useItemEditorStore();
  store.open('XK00001001', { item: { materials } as never, bpmn: '', forms: {} });
  const wrapper = mount(MaterialsEditor, { global: { plugins: [pinia, i18n, ElementPlus] }, attachTo: document.body });
  return { wrapper, store };
}

describe('MaterialsEditor › the checklist on screen', () => {
  it('adds a material through the command stack and undo removes it', async () => {
    const { wrapper, store } = mountWith([]);
    await wrapper.get('[data-testid="material-add"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-material-index]')).toHaveLength(1);
    expect(store.draft.materials?.[0]).toMatchObject({ id: 'M001', name: '新材料', requirement: 'required' });
    store.undo();
    await flushPromises();
    expect(wrapper.findAll('[data-material-index]')).toHaveLength(0);
    wrapper.unmount();
  });

  it('shows the FEEL syntax check of a conditional material as it changes', async () => {
    const { wrapper, store } = mountWith([{ id: 'M001', name: '营业执照', requirement: 'conditional', condition: '=age >', source: 'applicant' }]);
    await flushPromises();
    expect(wrapper.get('[data-testid="material-condition-check-0"]').text()).toContain('表达式不完整');
    store.setField(['materials', 0, 'condition'], '=age >= 18');
    await flushPromises();
    expect(wrapper.get('[data-testid="material-condition-check-0"]').text()).toBe('表达式语法正确');
    wrapper.unmount();
  });

  it('moves a material with Alt+↑ on its card', async () => {
    const { wrapper, store } = mountWith([
      { id: 'M001', name: '申请书', requirement: 'required', source: 'applicant' },
      { id: 'M002', name: '身份证', requirement: 'required', source: 'applicant' },
    ]);
    await wrapper.get('[data-material-index="1"]').trigger('keydown', { key: 'ArrowUp', altKey: true });
    await flushPromises();
    expect(store.draft.materials?.map((material) => material.id)).toEqual(['M002', 'M001']);
    wrapper.unmount();
  });
});
