/**
 * packages/forms runs in the browser designer as well as on the server, so it stays pure (STYLE.md, module
 * boundaries): ESLint forbids I/O imports and clock globals in src; this test forbids new runtime dependencies.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies?: Record<string, string> };

describe('@tongban/forms package', () => {
  it('depends only on the contracts, the FEEL interpreter and exact decimals', () => {
    expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual(['@tongban/schemas', 'big.js', 'feelin']);
  });
});
