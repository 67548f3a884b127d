import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as workApi from '@/api/work';
import { useWorklistStore } from './worklist';

vi.mock('@/api/work', () => ({
  listTasks: vi.fn(async () => ({ items: [], total: 45 })),
  claimTask: vi.fn(async (id: string) => ({ id, assignee: '449902.samr.accept' })),
}));

const listTasks = vi.mocked(workApi.listTasks);

describe('useWorklistStore › the staff worklist', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.clearAllMocks();
  });

  it('asks for each tab’s tasks by status and assignment, from the first page', async () => {
    const store = useWorklistStore();
    store.page = 3;
    await store.setTab('unassigned');
    expect(listTasks).toHaveBeenLastCalledWith({ status: 'open', assigned: 'unassigned', limit: 20, offset: 0 });
    await store.setStage('accept');
    expect(listTasks).toHaveBeenLastCalledWith({ status: 'open', assigned: 'unassigned', stage: 'accept', limit: 20, offset: 0 });
    store.page = 2;
    await store.setTab('done');
    expect(listTasks).toHaveBeenLastCalledWith({ status: 'completed', assigned: 'me', stage: 'accept', limit: 20, offset: 0 });
    expect(store.total).toBe(45);
  });

  it('claims a task and reads the list again', async () => {
    const store = useWorklistStore();
    await store.load();
    listTasks.mockClear();
    const claimed = await store.claim('task-1');
    expect(claimed.assignee).toBe('449902.samr.accept');
    expect(listTasks).toHaveBeenCalledTimes(1);
    expect(store.claiming).toBeNull();
  });
});
