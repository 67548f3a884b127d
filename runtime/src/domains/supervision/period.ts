import { AppError } from '../../errors/catalogue';

/** China Standard Time: periods are calendar days on the wall clock of the legal calendar (UTC+8, no DST). */
export const UTC_OFFSET_MS = 8 * 3_600_000;

/** A statistics period: inclusive calendar dates `YYYY-MM-DD`. */
export interface Period {
  kind: 'day' | 'month' | 'quarter' | 'year' | 'custom';
  from: string;
  to: string;
  /** `2026-11`, `2026-Q4`, `2026`, `2026-11-24` or `2026-11-01..2026-11-24`. */
  label: string;
}

/** How the query string names a period (one of these shapes). */
export interface PeriodQuery {
  period?: 'today' | 'month' | 'quarter' | 'year' | 'custom';
  month?: string;
  quarter?: string;
  year?: string;
  from?: string;
  to?: string;
}

/** Longest custom period: the archive's five years and a little more. */
export const MAX_PERIOD_DAYS = 3700;

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The wall-clock date (UTC+8) of an instant. */
export function dateOf(instant: Date): string {
  return new Date(instant.getTime() + UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** Days since the epoch of a `YYYY-MM-DD` date, or NaN when it is not a real date. */
export function dayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return Number.NaN;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? time / DAY_MS : Number.NaN;
}

/** The date `n` days after `date`. */
export function addDays(date: string, n: number): string {
  return new Date((dayNumber(date) + n) * DAY_MS).toISOString().slice(0, 10);
}

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const monthPeriod = (year: number, month: number): Period => ({
  kind: 'month', from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(lastDayOfMonth(year, month))}`, label: `${year}-${pad(month)}`,
});
const quarterPeriod = (year: number, quarter: number): Period => ({
  kind: 'quarter', from: `${year}-${pad(quarter * 3 - 2)}-01`, to: `${year}-${pad(quarter * 3)}-${pad(lastDayOfMonth(year, quarter * 3))}`, label: `${year}-Q${quarter}`,
});
const yearPeriod = (year: number): Period => ({ kind: 'year', from: `${year}-01-01`, to: `${year}-12-31`, label: String(year) });

const invalid = (zh: string, en: string, path: string) => new AppError('TB_SUPERVISION_PERIOD_INVALID', { params: { reason: { zh, en } }, path });

/**
 * Resolves a period from the query string, relative to `today` (a `YYYY-MM-DD` date): `month=2026-11`,
 * `quarter=2026-Q4`, `year=2026`, `from`/`to` (custom, inclusive), or `period=today|month|quarter|year` for the
 * current one. Without anything it is `fallback` (the current month).
 *
 * @throws AppError TB_SUPERVISION_PERIOD_INVALID naming the parameter.
 */
export function resolvePeriod(query: PeriodQuery, today: string, fallback: PeriodQuery['period'] = 'month'): Period {
  const [thisYear, thisMonth] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  if (query.month) {
    const match = /^(\d{4})-(\d{2})$/.exec(query.month);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw invalid('月份应写作 YYYY-MM', 'month must be YYYY-MM', '/month');
    return monthPeriod(Number(match[1]), Number(match[2]));
  }
  if (query.quarter) {
    const match = /^(\d{4})-Q([1-4])$/.exec(query.quarter);
    if (!match) throw invalid('季度应写作 YYYY-Q1 至 YYYY-Q4', 'quarter must be YYYY-Q1 … YYYY-Q4', '/quarter');
    return quarterPeriod(Number(match[1]), Number(match[2]));
  }
  if (query.year) {
    if (!/^\d{4}$/.test(query.year)) throw invalid('年份应写作 YYYY', 'year must be YYYY', '/year');
    return yearPeriod(Number(query.year));
  }
  if (query.from || query.to || query.period === 'custom') {
    const from = query.from ?? '';
    const to = query.to ?? today;
    if (Number.isNaN(dayNumber(from))) throw invalid('开始日期应为 YYYY-MM-DD', 'from must be a date YYYY-MM-DD', '/from');
    if (Number.isNaN(dayNumber(to))) throw invalid('结束日期应为 YYYY-MM-DD', 'to must be a date YYYY-MM-DD', '/to');
    const days = dayNumber(to) - dayNumber(from) + 1;
    if (days < 1) throw invalid('结束日期不能早于开始日期', 'to must not be before from', '/to');
    if (days > MAX_PERIOD_DAYS) throw invalid(`期间不能超过 ${MAX_PERIOD_DAYS} 天`, `a period spans at most ${MAX_PERIOD_DAYS} days`, '/to');
    return { kind: 'custom', from, to, label: `${from}..${to}` };
  }
  switch (query.period ?? fallback) {
    case 'today':
      return { kind: 'day', from: today, to: today, label: today };
    case 'quarter':
      return quarterPeriod(thisYear, Math.ceil(thisMonth / 3));
    case 'year':
      return yearPeriod(thisYear);
    default:
      return monthPeriod(thisYear, thisMonth);
  }
}

/** The period before: the previous month, quarter, year or day, or the same number of days just before. */
export function previousPeriod(period: Period): Period {
  const year = Number(period.from.slice(0, 4));
  const month = Number(period.from.slice(5, 7));
  switch (period.kind) {
    case 'month':
      return month === 1 ? monthPeriod(year - 1, 12) : monthPeriod(year, month - 1);
    case 'quarter': {
      const quarter = Math.ceil(month / 3);
      return quarter === 1 ? quarterPeriod(year - 1, 4) : quarterPeriod(year, quarter - 1);
    }
    case 'year':
      return yearPeriod(year - 1);
    case 'day': {
      const day = addDays(period.from, -1);
      return { kind: 'day', from: day, to: day, label: day };
    }
    default: {
      const days = dayNumber(period.to) - dayNumber(period.from) + 1;
      const to = addDays(period.from, -1);
      const from = addDays(period.from, -days);
      return { kind: 'custom', from, to, label: `${from}..${to}` };
    }
  }
}

/**
 * How to read a period from the rollups with the fewest rows: whole months from the monthly rows, the days at
 * either end from the daily rows.
 */
export function rollupCover(from: string, to: string): { months: string[]; dayRanges: Array<[string, string]> } {
  const months: string[] = [];
  const dayRanges: Array<[string, string]> = [];
  let cursor = from;
  let dayStart: string | undefined;
  while (dayNumber(cursor) <= dayNumber(to)) {
    const year = Number(cursor.slice(0, 4));
    const month = Number(cursor.slice(5, 7));
    const monthEnd = `${year}-${pad(month)}-${pad(lastDayOfMonth(year, month))}`;
    if (cursor.endsWith('-01') && dayNumber(monthEnd) <= dayNumber(to)) {
      if (dayStart) dayRanges.push([dayStart, addDays(cursor, -1)]);
      dayStart = undefined;
      months.push(cursor);
      cursor = addDays(monthEnd, 1);
      continue;
    }
    dayStart ??= cursor;
    const next = dayNumber(monthEnd) < dayNumber(to) ? addDays(monthEnd, 1) : addDays(to, 1);
    cursor = next;
  }
  if (dayStart) dayRanges.push([dayStart, to]);
  return { months, dayRanges };
}

/** The whole months a date range touches, and the range they cover. */
export function monthsTouching(from: string, to: string): { months: string[]; covered: { from: string; to: string } } {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const label = `${year}-${String(month).padStart(2, '0')}`;
    months.push(`${label}-01`);
    if (label >= last) break;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  const end = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  return { months, covered: { from: months[0]!, to: end } };
}
