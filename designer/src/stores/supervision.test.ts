import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as supervisionApi from '@/api/supervision';
import { REFRESH_DELAY_MS, useSupervisionStore } from './supervision';

vi.mock('@/api/supervision', () => ({
  fetchFigures: vi.fn(async (groupBy: string) => ({ asOf: '2026-11-24T10:00:00Z', groupBy, rows: [], totals: {} })),
  fetchOverdue: vi.fn(async () => ({ total: 0, items: [] })),
  fetchRanking: vi.fn(async () => ({ rows: [], formula: '' })),
  fetchEvaluationSummary: vi.fn(async () => ({ rows: [] })),
  fetchWarnings: vi.fn(async () => []),
  supervisionStreamUrl: vi.fn(async () => '/api/v1/supervision/stream?ticket=t'),
}));

const figures = vi.mocked(supervisionApi.fetchFigures);

describe('useSupervisionStore › the dashboard’s data', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.clearAllMocks();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('drills from departments into one department’s districts, and back up', async () => {
    const store = useSupervisionStore();
    await store.load();
    expect(figures).toHaveBeenLastCalledWith('department', {}, { period: 'month' });

    await store.drillInto('449900-SAMR', '江屿市市场监督管理局');
    expect(store.groupBy).toBe('district');
    expect(figures).toHaveBeenLastCalledWith('district', { department: '449900-SAMR' }, { period: 'month' });
    expect(supervisionApi.fetchOverdue).toHaveBeenLastCalledWith({ department: '449900-SAMR' }, 'late', 50);

    await store.drillUp(0);
    expect(store.trail).toEqual([]);
    expect(figures).toHaveBeenLastCalledWith('department', {}, { period: 'month' });
  });

  it('reads everything again once after a burst of live events, and shows a new warning at once', async () => {
    vi.useFakeTimers();
    const store = useSupervisionStore();
    await store.load();
    figures.mockClear();

    // a burst: two figure changes and a warning within the refresh delay
    store.onEvent('figures', { type: 'figures', departmentCode: '449900-SAMR' });
    store.onEvent('warning', { type: 'warning', applicationNumber: '449902-261124-00000001-2', level: 'yellow' });
    store.onEvent('figures', { type: 'figures', departmentCode: '449900-SAMR' });
    expect(store.warnings[0]).toMatchObject({ applicationNumber: '449902-261124-00000001-2' });
    expect(figures).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(REFRESH_DELAY_MS);
    expect(figures).toHaveBeenCalledTimes(1);
    expect(store.lastEventAt).not.toBeNull();
  });
});
