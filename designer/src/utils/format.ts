/** Dates and numbers as the designer shows them: Beijing time (UTC+8), whatever the browser's zone. */

const DATE_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});

/** `2026-11-24 17:00` in Beijing time, or `—`. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  const parts = Object.fromEntries(DATE_TIME.formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour === '24' ? '00' : parts.hour}:${parts.minute}`;
}

/** A share (0…1) as a percentage with one decimal, or `—`. */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : `${(value * 100).toFixed(1)}%`;
}

/** A number with at most `digits` decimals, or `—`. */
export function formatNumber(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : String(Math.round(value * 10 ** digits) / 10 ** digits);
}

/** A duration in milliseconds as `2 天 3 小时` / `45 分钟` (locale-free units from `units`). */
export function formatDuration(ms: number | null | undefined, units: { day: string; hour: string; minute: string }): string {
  if (ms === null || ms === undefined) return '—';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} ${units.minute}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} ${units.hour}${minutes % 60 ? ` ${minutes % 60} ${units.minute}` : ''}`;
  return `${Math.floor(hours / 24)} ${units.day}${hours % 24 ? ` ${hours % 24} ${units.hour}` : ''}`;
}
