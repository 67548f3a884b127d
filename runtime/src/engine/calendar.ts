import type { Knex } from 'knex';
import { createCalendar, type CalendarException, type WorkingCalendar } from '@tongban/calendar';

/**
 * The working-day calendar, read from `calendar_day` and kept for a short while: an administrator's edit reaches
 * every runtime process within {@link CalendarStore.ttlMs}, and at once in the process that made it.
 */
export class CalendarStore {
  private cached: { calendar: WorkingCalendar; loadedAt: number } | undefined;
  private loading: Promise<WorkingCalendar> | undefined;

  constructor(private readonly knex: Knex, readonly ttlMs = 60_000) {}

  /** The current calendar. */
  async get(): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.loadedAt < this.ttlMs) return this.cached.calendar;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** Forgets the cached calendar (after an edit). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async load(): Promise<WorkingCalendar> {
    // `date::text`: pg and PGlite would otherwise turn a DATE into a Date at some local midnight.
    const rows = await this.knex('calendar_day').select(this.knex.raw('date::text AS date'), 'kind', 'name');
    const exceptions: CalendarException[] = rows.map((row: { date: string; kind: 'holiday' | 'workday'; name: string | null }) => ({
      date: row.date,
      kind: row.kind,
      ...(row.name ? { name: row.name } : {}),
    }));
    const calendar = createCalendar(exceptions);
    this.cached = { calendar, loadedAt: Date.now() };
    return calendar;
  }
}
