import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import * as workApi from '@/api/work';
import type { TaskQuery, TaskView } from '@/api/work';

/** Which part of the worklist is shown. */
export type WorklistTab = 'open' | 'mine' | 'unassigned' | 'done';

/** The query of a worklist tab. */
export function queryOf(tab: WorklistTab): TaskQuery {
  switch (tab) {
    case 'mine': return { status: 'open', assigned: 'me' };
    case 'unassigned': return { status: 'open', assigned: 'unassigned' };
    case 'done': return { status: 'completed', assigned: 'me' };
    default: return { status: 'open', assigned: 'any' };
  }
}

/** The staff worklist (工作台): the caller's tasks by tab and stage, page by page, and claiming. */
export const useWorklistStore = defineStore('worklist', () => {
  const tab = ref<WorklistTab>('open');
  const stage = ref<string | null>(null);
  const page = ref(1);
  const pageSize = ref(20);
  const tasks = shallowRef<TaskView[]>([]);
  const total = ref(0);
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<unknown>(null);
  const claiming = ref<string | null>(null);

  /** Loads the current page. */
  async function load(): Promise<void> {
    status.value = 'loading';
    error.value = null;
    try {
      const result = await workApi.listTasks({
        ...queryOf(tab.value), ...(stage.value ? { stage: stage.value } : {}), limit: pageSize.value, offset: (page.value - 1) * pageSize.value,
      });
      tasks.value = result.items;
      total.value = result.total;
      status.value = 'ready';
    } catch (failure) {
      error.value = failure;
      status.value = 'error';
    }
  }

  /** Switches tab (back to the first page). */
  function setTab(next: WorklistTab): Promise<void> {
    tab.value = next;
    page.value = 1;
    return load();
  }

  /** Filters by stage. */
  function setStage(next: string | null): Promise<void> {
    stage.value = next;
    page.value = 1;
    return load();
  }

  /** Claims a task (签收) and refreshes the list. */
  async function claim(id: string): Promise<TaskView> {
    claiming.value = id;
    try {
      const task = await workApi.claimTask(id);
      await load();
      return task;
    } finally {
      claiming.value = null;
    }
  }

  return { tab, stage, page, pageSize, tasks, total, status, error, claiming, load, setTab, setStage, claim };
});
