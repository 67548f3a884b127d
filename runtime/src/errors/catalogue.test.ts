import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, errorCatalogue } from './catalogue';
import { renderErrorsDoc } from './docs';

const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

describe('error catalogue', () => {
  it('is listed in docs/errors.md exactly as the catalogue renders it', () => {
    // Regenerate with: pnpm --filter @tongban/runtime cli errors-doc > docs/errors.md
    expect(doc).toBe(renderErrorsDoc());
  });

  it('lists in docs/errors.md no code the catalogue lacks', () => {
    const documented = [...doc.matchAll(/^\| `(TB_[A-Z_]+)`/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual(Object.keys(errorCatalogue).sort());
  });

  it('names every code TB_<AREA>_<REASON> with a 4xx or 5xx status and both languages', () => {
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      expect(code).toMatch(/^TB_[A-Z]+_[A-Z_]+$/);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(entry.en).toMatch(/[a-z]/);
    }
  });

  it('fills message params per language', () => {
    const error = new AppError('TB_AUTH_FORBIDDEN', { params: { reason: { zh: '仅限督查员', en: 'supervisors only' } }, path: '/x' });
    expect(error.toBody('r1')).toEqual({
      code: 'TB_AUTH_FORBIDDEN',
      message: { zh: '无权执行此操作：仅限督查员', en: 'Not allowed: supervisors only' },
      path: '/x',
      requestId: 'r1',
    });
  });
});
