import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import * as supervisionApi from '@/api/supervision';
import type { DrillDown, EvaluationSummary, Figures, FiguresGroupBy, OverdueList, PeriodQuery, Ranking, SupervisionWarning } from '@/api/supervision';
import { nextDimension } from '@/supervision/charts';
import { openEventStream, type StreamState } from '@/utils/event-stream';

/** One step of the drill-down: the group entered and the dimension it was grouped by. */
export interface DrillStep {
  dimension: FiguresGroupBy;
  key: string;
  name: string;
}

/** How long after a live event the figures are read again (events come in bursts). */
export const REFRESH_DELAY_MS = 800;

/**
 * The supervision dashboard (issue #8 point 7): live figures by department or district with drill-down to level and
 * item, the overdue list, the efficiency ranking, 好差评, and recent warnings — refreshed when the runtime's stream
 * says a figure changed.
 */
export const useSupervisionStore = defineStore('supervision', () => {
  const start = ref<'department' | 'district'>('department');
  const trail = ref<DrillStep[]>([]);
  const period = ref<NonNullable<PeriodQuery['period']>>('month');
  const rankingBy = ref<'department' | 'district'>('department');
  const figures = shallowRef<Figures | null>(null);
  const overdue = shallowRef<OverdueList | null>(null);
  const ranking = shallowRef<Ranking | null>(null);
  const evaluations = shallowRef<EvaluationSummary | null>(null);
  const warnings = shallowRef<SupervisionWarning[]>([]);
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<unknown>(null);
  const live = ref<StreamState>('closed');
  const lastEventAt = ref<string | null>(null);
  let close: (() => void) | null = null;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  /** The dimension the figures are grouped by now. */
  const groupBy = computed<FiguresGroupBy>(() => {
    const last = trail.value.at(-1);
    return last ? (nextDimension(last.dimension, start.value) ?? 'item') : start.value;
  });
  /** The drill-down filters of the trail. */
  const drill = computed<DrillDown>(() => Object.fromEntries(trail.value.map((step) => [step.dimension, step.key])) as DrillDown);
  const canDrill = computed(() => nextDimension(groupBy.value, start.value) !== null);
  const periodQuery = computed<PeriodQuery>(() => ({ period: period.value }));

  /** Reads the figures and the overdue list of the current drill-down. */
  async function loadFigures(): Promise<void> {
    const [nextFigures, nextOverdue] = await Promise.all([
      supervisionApi.fetchFigures(groupBy.value, drill.value, periodQuery.value),
      supervisionApi.fetchOverdue(drill.value, 'late', 50),
    ]);
    figures.value = nextFigures;
    overdue.value = nextOverdue;
  }

  /** Reads the ranking and the evaluation summary of the period. */
  async function loadPeriod(): Promise<void> {
    const [nextRanking, nextEvaluations] = await Promise.all([
      supervisionApi.fetchRanking(rankingBy.value, periodQuery.value),
      supervisionApi.fetchEvaluationSummary(rankingBy.value, periodQuery.value),
    ]);
    ranking.value = nextRanking;
    evaluations.value = nextEvaluations;
  }

  /** Reads everything the dashboard shows. */
  async function load(): Promise<void> {
    status.value = status.value === 'ready' ? 'ready' : 'loading';
    error.value = null;
    try {
      const [, , nextWarnings] = await Promise.all([loadFigures(), loadPeriod(), supervisionApi.fetchWarnings({}, 20)]);
      warnings.value = nextWarnings;
      status.value = 'ready';
    } catch (failure) {
      error.value = failure;
      status.value = 'error';
    }
  }

  /** Groups the first level by department or by district (the drill-down starts again). */
  async function setStart(next: 'department' | 'district'): Promise<void> {
    start.value = next;
    trail.value = [];
    await loadFigures().catch((failure: unknown) => { error.value = failure; });
  }

  /** Enters a group of the current figures. */
  async function drillInto(key: string, name: string): Promise<void> {
    if (!canDrill.value) return;
    trail.value = [...trail.value, { dimension: groupBy.value, key, name }];
    await loadFigures().catch((failure: unknown) => { error.value = failure; });
  }

  /** Goes back up to `depth` steps of the trail (0: the top). */
  async function drillUp(depth: number): Promise<void> {
    trail.value = trail.value.slice(0, depth);
    await loadFigures().catch((failure: unknown) => { error.value = failure; });
  }

  /** Changes the period of the closures, ranking and evaluations. */
  async function setPeriod(next: NonNullable<PeriodQuery['period']>): Promise<void> {
    period.value = next;
    await load();
  }

  /** Ranks by department or by district. */
  async function setRankingBy(next: 'department' | 'district'): Promise<void> {
    rankingBy.value = next;
    await loadPeriod().catch((failure: unknown) => { error.value = failure; });
  }

  /** A live event arrived: read again shortly (bursts make one read). */
  function onEvent(kind: string, data: unknown): void {
    lastEventAt.value = new Date().toISOString();
    if (kind === 'warning' && data && typeof data === 'object') warnings.value = [data as SupervisionWarning, ...warnings.value].slice(0, 20);
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void load(), REFRESH_DELAY_MS);
  }

  /** Follows the supervision stream of the caller's scope. */
  function follow(): void {
    stop();
    const events = Object.fromEntries(['warning', 'figures', 'deemedAccepted', 'rectification', 'resync'].map((kind) => [kind, (data: unknown) => onEvent(kind, data)]));
    close = openEventStream(() => supervisionApi.supervisionStreamUrl(), { events, onState: (state) => { live.value = state; } });
  }

  /** Stops following. */
  function stop(): void {
    clearTimeout(refreshTimer);
    close?.();
    close = null;
  }

  return {
    start, trail, period, rankingBy, figures, overdue, ranking, evaluations, warnings, status, error, live, lastEventAt, groupBy, drill, canDrill,
    periodQuery, load, setStart, drillInto, drillUp, setPeriod, setRankingBy, onEvent, follow, stop,
  };
});
