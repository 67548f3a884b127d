import { errorCatalogue } from './catalogue';

/** Renders docs/errors.md from the catalogue (`pnpm --filter @tongban/runtime cli errors-doc > docs/errors.md`). */
export function renderErrorsDoc(): string {
  const lines = [
    '# Error codes',
    '',
    'Every 4xx response has the body `{ code, message: { zh, en }, path?, details?: [{ path, code, message, location? }], requestId? }`.',
    '`path` is a JSON Pointer to the failing field; `details` lists every failing field when there are several.',
    'Unknown errors answer 500 with code `TB_INTERNAL` and the request id; the stack is logged, never sent.',
    'Field-level codes of request validation (`TB_SCHEMA_*`, `TB_FORM_*`, …) appear in `details`.',
    '',
    '| code | HTTP | zh | en |',
    '| --- | --- | --- | --- |',
  ];
  for (const [code, entry] of Object.entries(errorCatalogue)) {
    lines.push(`| \`${code}\` | ${entry.status} | ${entry.zh} | ${entry.en} |`);
  }
  return `${lines.join('\n')}\n`;
}
