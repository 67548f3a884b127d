/**
 * Record-level text helpers of the streamed import: RFC 4180 CSV records and PostgreSQL COPY text lines.
 */

/**
 * Splits one CSV record (RFC 4180: fields quoted when they hold a comma, quote or line break; quotes doubled) into
 * fields, or undefined when a quoted field is still open at the end (the record continues on the next line).
 */
export function splitCsvRecord(text: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const quote = text.indexOf('"', j);
        if (quote < 0) return undefined;
        value += text.slice(j, quote);
        if (text.charCodeAt(quote + 1) === 34) {
          value += '"';
          j = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      fields.push(value);
    } else {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? text.length : comma;
      fields.push(text.slice(i, end));
      i = end;
    }
    if (i >= text.length) return fields;
    if (text.charCodeAt(i) !== 44) return fields;
    i += 1;
    if (i === text.length) {
      fields.push('');
      return fields;
    }
  }
}

/** Whether a CSV text has no open quoted field (its quotes balance). */
export function isCompleteCsv(text: string): boolean {
  let quotes = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) quotes += 1;
  return quotes % 2 === 0;
}

/** A CSV field by header name: undefined when the column is missing or the field empty. */
export function csvValue(header: readonly string[], fields: readonly string[], name: string): string | undefined {
  const index = header.indexOf(name);
  const text = index < 0 ? undefined : fields[index];
  return text === undefined || text === '' ? undefined : text;
}

// COPY text format: backslash, tab, newline and carriage return escaped; NULL is \N (PostgreSQL §COPY, "Text Format").
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const escapeCopy = (value: string) => (NEEDS_ESCAPE.test(value)
  ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
  : value);

/** One COPY text line (with its newline) of a row, followed by the import id when one is given. */
export function copyLine(row: readonly (string | null)[], importId?: string): string {
  let line = '';
  for (let i = 0; i < row.length; i += 1) {
    const value = row[i];
    line += `${i === 0 ? '' : '\t'}${value === null || value === undefined ? '\\N' : escapeCopy(value)}`;
  }
  return importId === undefined ? `${line}\n` : `${line}\t${importId}\n`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// JSON.stringify escapes a lone surrogate as \udXXX (well-formed JSON.stringify, ES2019).
const ESCAPED_SURROGATE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

/**
 * Whether a value can be stored as PostgreSQL text or jsonb: no NUL character (text cannot hold one; jsonb refuses
 * the `\u0000` escape) and no lone UTF-16 surrogate (jsonb refuses its escape).
 */
export function storable(value: string): boolean {
  return !value.includes('\u0000') && !value.includes('\\u0000') && !LONE_SURROGATE.test(value) && !ESCAPED_SURROGATE.test(value);
}

const UNESCAPE: Record<string, string> = { '\\\\': '\\', '\\t': '\t', '\\n': '\n', '\\r': '\r' };

/** The values of a COPY text line written by {@link copyLine} (the inverse: `\N` is null, escapes undone). */
export function parseCopyLine(line: string): Array<string | null> {
  const body = line.endsWith('\n') ? line.slice(0, -1) : line;
  return body.split('\t').map((field) => (field === '\\N' ? null : field.replace(/\\[\\tnr]/g, (escape) => UNESCAPE[escape]!)));
}
