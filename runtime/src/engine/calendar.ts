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

  /**
   * The current calendar. Inside a transaction pass it as `db`: a transaction must never wait for a second pool
   * connection (under load every connection is held by a transaction waiting for another: the pool starves).
   */
  async get(db: Knex = this.knex): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.loadedAt < this.ttlMs) return this.cached.calendar;
    if (db !== this.knex) return this.load(db);
    this.loading ??= this.load(db).finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** Forgets the cached calendar (after an edit). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async load(db: Knex): Promise<WorkingCalendar> {
    // `date::text`: pg and PGlite would otherwise turn a DATE into a Date at some local midnight.
    const rows = await db('calendar_day').select(db.raw('date::text AS date'), 'kind', 'name');
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
