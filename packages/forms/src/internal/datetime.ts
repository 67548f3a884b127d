/**
 * Date and time values of the form-js `datetime` field: what the viewer keeps on import, and the canonical
 * formats its date and time pickers write.
 */

function basicMinutes(text: string): number | null {
  const segments = text.split(':');
  const hour = parseInt(segments[0] ?? '', 10);
  const minute = segments.length > 1 ? parseInt(segments[1] ?? '', 10) : 0;
  if (Number.isNaN(hour) || hour < 0 || hour > 24 || Number.isNaN(minute) || minute < 0 || minute > 60) return null;
  return hour * 60 + minute;
}

/** Whether the viewer can read a time value (form-js `parseIsoTime` returns a time, whatever the zone). */
function isReadableTime(value: string): boolean {
  if (value === '') return false;
  if (value.includes('Z')) return basicMinutes(value.replace('Z', '')) !== null;
  for (const sign of ['+', '-']) {
    if (value.includes(sign)) {
      const [time = '', offset = ''] = value.split(sign);
      return basicMinutes(time) !== null && basicMinutes(offset) !== null;
    }
  }
  return basicMinutes(value) !== null;
}

/**
 * Whether the form-js viewer keeps a datetime value on import (form-js `sanitizeDateTimePickerValue`); otherwise it
 * replaces it with `null`. Validity of `Date.parse` does not depend on the time zone.
 */
export function viewerKeepsDatetime(subtype: unknown, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const parses = !Number.isNaN(Date.parse(value));
  if (subtype === 'date') return parses && !value.includes('T') && value.split('-').length === 3;
  if (subtype === 'time') return isReadableTime(value);
  if (subtype === 'datetime') {
    const segments = value.split('T');
    return parses && segments.length === 2 && (segments[0] ?? '').split('-').length === 3;
  }
  return true;
}

function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (daysInMonth[month - 1] as number);
}

const CLOCK = '([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d)?';
const ZONES: Record<string, string> = {
  utc_normalized: 'Z',
  utc_offset: '[+-]([01]\\d|2[0-3]):[0-5]\\d',
};

/** The format a datetime field writes, for messages: `YYYY-MM-DD`, `HH:mm±hh:mm`, … */
export function datetimeFormatLabel(subtype: unknown, timeSerializingFormat: unknown): string {
  const zone = timeSerializingFormat === 'utc_normalized' ? 'Z' : timeSerializingFormat === 'utc_offset' ? '±hh:mm' : '';
  if (subtype === 'date') return 'YYYY-MM-DD';
  if (subtype === 'time') return `HH:mm${zone}`;
  return `YYYY-MM-DDTHH:mm${zone}`;
}

/**
 * Whether a value has the canonical format the viewer's pickers write for the field: `YYYY-MM-DD` for a date;
 * `HH:mm` plus `Z` (utc_normalized) or `±hh:mm` (utc_offset) for a time; both joined by `T` for a datetime.
 * Seconds (`HH:mm:ss`) are accepted too, as other clients may send them.
 */
export function isCanonicalDatetime(subtype: unknown, timeSerializingFormat: unknown, value: string): boolean {
  const zone = ZONES[String(timeSerializingFormat)] ?? '';
  const time = new RegExp(`^${CLOCK}${zone}$`);
  if (subtype === 'date') return isCalendarDate(value);
  if (subtype === 'time') return time.test(value);
  if (subtype === 'datetime') {
    const [datePart = '', timePart = '', ...rest] = value.split('T');
    return rest.length === 0 && isCalendarDate(datePart) && time.test(timePart);
  }
  return true;
}

/** The calendar date (`YYYY-MM-DD`) a date or datetime value starts with, or `null`. */
export function calendarDateOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const datePart = value.slice(0, 10);
  return isCalendarDate(datePart) ? datePart : null;
}
