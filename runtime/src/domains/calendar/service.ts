import type { Knex } from 'knex';
import { CALENDAR_ERRORS, checkExceptions, type CalendarException } from '@tongban/calendar';
import { AppError } from '../../errors/catalogue';
import type { CalendarStore } from '../../engine/calendar';

/** A `calendar_day` row as the API shows it. */
export interface CalendarDayView {
  date: string;
  kind: 'holiday' | 'workday';
  name: string | null;
  source: string | null;
  updatedBy: string;
  updatedAt: string;
}

/** What an edit changed, for the audit trail and for recomputing the deadlines it moves. */
export interface CalendarChange {
  dates: string[];
}

/** Marks a provisional year in `calendar_day.source` (the seed's convention for 2027). */
const PROVISIONAL = /provisional|暂定/i;

const toView = (row: Record<string, unknown>): CalendarDayView => ({
  date: String(row.date),
  kind: row.kind as 'holiday' | 'workday',
  name: (row.name as string | null) ?? null,
  source: (row.source as string | null) ?? null,
  updatedBy: String(row.updated_by),
  updatedAt: new Date(row.updated_at as string).toISOString(),
});

/** Refuses entries `createCalendar` would refuse, with the calendar package's codes (one wording). */
function assertValid(entries: CalendarException[], pathOf: (index: number) => string): void {
  const issues = checkExceptions(entries);
  if (issues.length === 0) return;
  const first = issues[0]!;
  throw new AppError(first.code, {
    path: pathOf(first.index),
    details: issues.map((issue) => ({ path: pathOf(issue.index), code: issue.code, message: { ...CALENDAR_ERRORS[issue.code] }, location: 'body' as const })),
  });
}

/**
 * The working-day calendar as administrators keep it: public holidays and make-up working days (调休) by date,
 * each edit with an audit row (before, after, who, why). After an edit the calendar cache of this process is
 * dropped and `onChange` runs (other processes are told through the supervision bus; open deadlines around the
 * changed dates are recomputed).
 */
export class CalendarAdmin {
  constructor(
    private readonly knex: Knex,
    private readonly calendars: CalendarStore,
    private readonly clock: () => Date,
    private readonly onChange: (trx: Knex.Transaction, change: CalendarChange) => Promise<void>,
    private readonly afterCommit: (change: CalendarChange) => Promise<void>,
  ) {}

  /** The exceptions of a year and whether its data is published or provisional. */
  async year(year: number) {
    const rows = await this.knex('calendar_day')
      .whereBetween('date', [`${year}-01-01`, `${year}-12-31`])
      .orderBy('date')
      .select(this.knex.raw('date::text AS date'), 'kind', 'name', 'source', 'updated_by', 'updated_at');
    const days = (rows as Array<Record<string, unknown>>).map(toView);
    const coverage = days.length === 0 ? 'missing' : days.some((day) => PROVISIONAL.test(day.source ?? '')) ? 'provisional' : 'published';
    const calendar = await this.calendars.get();
    let workingDays = 0;
    for (let d = Date.UTC(year, 0, 1); d < Date.UTC(year + 1, 0, 1); d += 86_400_000) {
      if (calendar.isWorkingDay(new Date(d).toISOString().slice(0, 10))) workingDays += 1;
    }
    return { year, coverage, workingDays, days };
  }

  private async audit(trx: Knex.Transaction, entry: { date: string; action: string; before: unknown; after: unknown; actor: string; reason: string; at: Date }) {
    await trx('calendar_audit').insert({
      date: entry.date, action: entry.action, before: entry.before === null ? null : JSON.stringify(entry.before),
      after: entry.after === null ? null : JSON.stringify(entry.after), actor: entry.actor, reason: entry.reason, at: entry.at,
    });
  }

  private async current(trx: Knex.Transaction, date: string) {
    const row = await trx('calendar_day').where({ date }).forUpdate().first(trx.raw('date::text AS date'), 'kind', 'name', 'source', 'updated_by', 'updated_at');
    return row ? toView(row as Record<string, unknown>) : null;
  }

  private async commit(change: CalendarChange, work: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await work(trx);
      await this.onChange(trx, change);
    });
    this.calendars.invalidate();
    await this.afterCommit(change);
  }

  /** Sets one date to a holiday or a make-up working day. */
  async setDay(actor: string, date: string, input: { kind: 'holiday' | 'workday'; name?: string; source?: string; reason: string }): Promise<CalendarDayView> {
    assertValid([{ date, kind: input.kind }], () => '/date');
    const now = this.clock();
    let view: CalendarDayView | undefined;
    await this.commit({ dates: [date] }, async (trx) => {
      const before = await this.current(trx, date);
      const row = { date, kind: input.kind, name: input.name ?? null, source: input.source ?? before?.source ?? '管理员维护', updated_by: actor, updated_at: now };
      await trx('calendar_day').insert(row).onConflict('date').merge();
      view = toView(row);
      await this.audit(trx, { date, action: before ? 'update' : 'insert', before, after: view, actor, reason: input.reason, at: now });
    });
    return view!;
  }

  /** Removes a date's entry: the weekday rule applies to it again. */
  async deleteDay(actor: string, date: string, reason: string): Promise<void> {
    assertValid([{ date, kind: 'holiday' }], () => '/date');
    const now = this.clock();
    await this.commit({ dates: [date] }, async (trx) => {
      const before = await this.current(trx, date);
      if (!before) throw new AppError('TB_CALENDAR_DAY_NOT_FOUND', { params: { date }, path: '/date' });
      await trx('calendar_day').where({ date }).del();
      await this.audit(trx, { date, action: 'delete', before, after: null, actor, reason, at: now });
    });
  }

  /**
   * Replaces a whole year with a notice's days (e.g. the State Council's notice for a provisional year): every date
   * that changes gets an audit row; the year is no longer provisional when the source says nothing of it.
   */
  async replaceYear(actor: string, year: number, input: { source: string; reason: string; days: Array<{ date: string; kind: 'holiday' | 'workday'; name?: string }> }) {
    assertValid(input.days, (index) => `/days/${index}/date`);
    const outside = input.days.findIndex((day) => !day.date.startsWith(`${year}-`));
    if (outside >= 0) throw new AppError('TB_CALENDAR_DATE_OUTSIDE_YEAR', { params: { date: input.days[outside]!.date, year }, path: `/days/${outside}/date` });
    const now = this.clock();
    const changed: string[] = [];
    await this.commit({ dates: changed }, async (trx) => {
      const rows = await trx('calendar_day').whereBetween('date', [`${year}-01-01`, `${year}-12-31`]).forUpdate()
        .select(trx.raw('date::text AS date'), 'kind', 'name', 'source', 'updated_by', 'updated_at');
      const existing = new Map((rows as Array<Record<string, unknown>>).map((row) => [String(row.date), toView(row)]));
      const wanted = new Map(input.days.map((day) => [day.date, day]));
      for (const date of new Set([...existing.keys(), ...wanted.keys()])) {
        const before = existing.get(date);
        const after = wanted.get(date);
        if (!before || !after || before.kind !== after.kind || before.name !== (after.name ?? null) || before.source !== input.source) changed.push(date);
      }
      changed.sort();
      await trx('calendar_day').whereBetween('date', [`${year}-01-01`, `${year}-12-31`]).del();
      if (input.days.length > 0) {
        await trx('calendar_day').insert(input.days.map((day) => ({
          date: day.date, kind: day.kind, name: day.name ?? null, source: input.source, updated_by: actor, updated_at: now,
        })));
      }
      for (const date of changed) {
        const after = wanted.get(date);
        await this.audit(trx, {
          date, action: 'replace', before: existing.get(date) ?? null,
          after: after ? { date, kind: after.kind, name: after.name ?? null, source: input.source } : null, actor, reason: input.reason, at: now,
        });
      }
    });
    return { ...(await this.year(year)), changed };
  }

  /** The audit trail, newest first. */
  async auditTrail(options: { date?: string; year?: number; limit: number }) {
    const query = this.knex('calendar_audit').orderBy([{ column: 'at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(options.limit)
      .select('id', this.knex.raw('date::text AS date'), 'action', 'before', 'after', 'actor', 'reason', 'at');
    if (options.date) query.where({ date: options.date });
    if (options.year) query.whereBetween('date', [`${options.year}-01-01`, `${options.year}-12-31`]);
    return (await query as Array<Record<string, unknown>>).map((row) => ({
      id: Number(row.id), date: String(row.date), action: String(row.action), before: row.before ?? null, after: row.after ?? null,
      actor: String(row.actor), reason: (row.reason as string | null) ?? null, at: new Date(row.at as string).toISOString(),
    }));
  }
}
