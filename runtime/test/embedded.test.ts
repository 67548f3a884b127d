import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCatalogue } from '@tongban/examples';
import { runtimeRoot } from '../src/config';

/**
 * The smoke subset on the embedded database (PGlite): what a newcomer's `pnpm start` does on a fresh machine —
 * migrate, seed, print the URL and answer there — run as the real CLI in a child process.
 */
describe('tongban start on the embedded database', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tongban-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrates, seeds, prints its URL and reports the embedded database with the seeded counts', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(runtimeRoot, 'src/cli.ts'), 'start'], {
      cwd: runtimeRoot,
      env: { ...process.env, DATABASE_URL: '', TONGBAN_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed within 120 s:\n${output}`)), 120_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /(http:\/\/127\.0\.0\.1:\d+)\/\n/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
      });
      expect(url).toBe(`http://127.0.0.1:${port}`);
      const health = await (await fetch(`${url}/api/v1/health`)).json();
      const expected = generateCatalogue().options;
      expect(health.database.kind).toBe('embedded');
      expect(health.counts).toMatchObject({
        items: expected.items,
        subCategories: expected.subCategories,
        cityDepartments: expected.cityDepartments,
        districts: expected.districts,
        licenceTypes: expected.licenceTypes,
      });
      const items = await (await fetch(`${url}/api/v1/items?q=${encodeURIComponent('食品经营许可')}`)).json();
      expect(items.total).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
    }
  }, 180_000);
});
