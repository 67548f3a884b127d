/** Supervision (issue #8, `docs/supervision.md`) over `@tongban/client`. */
import type {
  DrillDown, EvaluationSummary, Figures, FiguresGroupBy, OverdueList, PeriodQuery, Ranking, SupervisionSettings, SupervisionWarning,
} from '@tongban/client';
import { api } from './client';

export type {
  DrillDown, EvaluationSummary, FigureCounts, Figures, FiguresGroupBy, OverdueCase, OverdueList, PeriodQuery, Ranking, RankingRow,
  SupervisionWarning,
} from '@tongban/client';

/** `GET /supervision/settings`. */
export function fetchSettings(): Promise<SupervisionSettings> {
  return api.supervision.settings();
}

/** `GET /supervision/figures`: live figures grouped, within a drill-down, for a period. */
export function fetchFigures(groupBy: FiguresGroupBy, drill: DrillDown, period: PeriodQuery): Promise<Figures> {
  return api.supervision.figures({ groupBy, ...drill, ...period });
}

/** `GET /supervision/overdue`. */
export function fetchOverdue(drill: DrillDown, state: 'overdue' | 'due-soon' | 'late' = 'late', limit = 50): Promise<OverdueList> {
  return api.supervision.overdue({ ...drill, state, limit });
}

/** `GET /supervision/warnings`: recent warnings. */
export async function fetchWarnings(drill: DrillDown, limit = 20): Promise<SupervisionWarning[]> {
  return (await api.supervision.warnings({ ...drill, limit })).items;
}

/** `GET /supervision/ranking`. */
export function fetchRanking(by: 'department' | 'district', period: PeriodQuery): Promise<Ranking> {
  return api.supervision.ranking({ by, ...period });
}

/** `GET /supervision/ranking/export`: the ranking as CSV or Excel. */
export function exportRanking(by: 'department' | 'district', period: PeriodQuery, format: 'csv' | 'xlsx', lang: 'zh' | 'en') {
  return api.supervision.exportRanking({ by, ...period, format, lang });
}

/** `GET /supervision/evaluations/summary`. */
export function fetchEvaluationSummary(by: 'department' | 'district', period: PeriodQuery): Promise<EvaluationSummary> {
  return api.supervision.evaluationSummary({ by, ...period });
}

/** `GET /rectifications`: open rectifications, oldest deadline first. */
export function fetchRectifications(query: { status?: string; overdue?: boolean; limit?: number } = {}) {
  return api.evaluations.rectifications(query);
}

/**
 * A URL of the live supervision stream. `EventSource` cannot send headers, so each connection takes a one-time
 * ticket (valid 60 s) from `POST /supervision/stream/tickets` and passes it as `?ticket=`.
 */
export async function supervisionStreamUrl(): Promise<string> {
  const { ticket } = await api.supervision.streamTicket();
  return api.streamUrl('/supervision/stream', { ticket });
}
