import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as itemsApi from '@/api/items';
import { usePublishingStore } from './publishing';

const summary = (version: number, status: string) => ({ id: version, itemCode: 'XK00001001', version, status, contentHash: '', rev: 1 });
let open = summary(2, 'draft');

vi.mock('@/api/items', () => ({
  fetchOverview: vi.fn(async () => ({
    code: 'XK00001001', name: '食品经营许可（新办）', type: 'licensing', departmentCode: '449900-SAMR', effectiveVersion: 1, scheduledVersions: [],
    openVersion: open, versions: [summary(1, 'published'), open],
  })),
  fetchAudit: vi.fn(async () => []),
  review: {
    submit: vi.fn(async () => { open = summary(2, 'submitted'); }),
    approve: vi.fn(), returnToDraft: vi.fn(), discard: vi.fn(), publish: vi.fn(), withdrawVersion: vi.fn(), rollback: vi.fn(),
  },
}));

describe('usePublishingStore › the review of an item’s open version', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    open = summary(2, 'draft');
  });

  it('lists versions newest first with the one in force', async () => {
    const store = usePublishingStore();
    await store.load('XK00001001');
    expect(store.versions.map((version) => version.version)).toEqual([2, 1]);
    expect(store.effectiveVersion).toBe(1);
    expect(store.openVersion?.status).toBe('draft');
  });

  it('submits with the reason, is busy meanwhile, and shows the version as the runtime has it afterwards', async () => {
    const store = usePublishingStore();
    await store.load('XK00001001');
    const pending = store.review('submit', '调整事项要素');
    expect(store.busy).toBe('submit');
    await pending;
    expect(itemsApi.review.submit).toHaveBeenCalledWith('XK00001001', '调整事项要素');
    expect(store.busy).toBeNull();
    expect(store.openVersion?.status).toBe('submitted');
  });
});
