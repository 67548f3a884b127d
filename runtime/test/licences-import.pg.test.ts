import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { licenceRecords, licenceToJson, writeLines } from '@tongban/examples';
import { clearLicenceLibrary, useTestApp } from './support/app';
import { databaseUrl } from './support/postgres';

// Issue #7: the import CLI survives `kill -9` — a second run resumes after the last committed batch, and the
// library ends with every valid record exactly once and every rejected one in the rejects file exactly once.
const ctx = useTestApp();
// The seeded template holds the demo holders' licences; these tests import the same records themselves.
beforeAll(async () => clearLicenceLibrary(ctx.database.knex));

const runtimeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROWS = 200_000;
const BROKEN_EVERY = 10_000;
let folder: string;
let file: string;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'tongban-licence-import-'));
  file = path.join(folder, 'licences.jsonl');
  let n = 0;
  // Every 10,000th line is broken, so rejects are written on both sides of the kill.
  await writeLines(file, licenceRecords({ count: ROWS }), (record) => {
    n += 1;
    return n % BROKEN_EVERY === 0 ? `{"identifier":"${record.identifier}",` : licenceToJson(record);
  });
});

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

function importCli(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import-licences', file, '--batch-size', '5000'], {
    cwd: runtimeDir,
    env: { ...process.env, DATABASE_URL: databaseUrl(ctx.databaseName), NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const exited = (child: ChildProcess) => new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
  child.once('exit', (code, signal) => resolve({ code, signal }));
});

describe('tongban import-licences', () => {
  it('resumes after SIGKILL from the last committed batch, with every record exactly once', async () => {
    const knex = ctx.database.knex;
    // 1. Start an import and kill it hard once some batches have committed.
    const first = importCli();
    const firstExit = exited(first);
    const deadline = Date.now() + 60_000;
    let committed = 0;
    while (Date.now() < deadline) {
      const row = await knex('licence_import').first('line_number');
      committed = Number(row?.line_number ?? 0);
      if (committed >= 40_000) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    first.kill('SIGKILL');
    expect((await firstExit).signal).toBe('SIGKILL');

    // 2. What the killed run left is consistent: rows and rejects of committed batches only.
    const killed = await knex('licence_import').first();
    expect(Number(killed.line_number)).toBeGreaterThanOrEqual(40_000);
    expect(Number(killed.line_number)).toBeLessThan(ROWS);
    expect(killed.status).toBe('running');
    const rowsAfterKill = Number((await knex('licence').count({ n: '*' }).first())!.n);
    expect(rowsAfterKill).toBe(Number(killed.rows_inserted));
    expect(Number(killed.rows_inserted) + Number(killed.rows_rejected)).toBe(Number(killed.line_number));
    expect(statSync(`${file}.rejects.jsonl`).size).toBeGreaterThanOrEqual(Number(killed.rejects_offset));

    // 3. Run again: it resumes and completes.
    const second = importCli();
    let output = '';
    second.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const secondExit = await exited(second);
    expect(secondExit.code, output).toBe(0);
    const report = JSON.parse(output.trim().split('\n').at(-1)!) as { resumedFromLine: number; inserted: number; duplicates: number; rejected: number; status: string };
    expect(report.resumedFromLine).toBe(Number(killed.line_number));
    expect(report).toMatchObject({ status: 'completed', inserted: ROWS - ROWS / BROKEN_EVERY, duplicates: 0, rejected: ROWS / BROKEN_EVERY });

    // 4. Exactly once: every valid record in the library, each broken line once in the rejects file.
    const { n, distinct } = (await knex('licence').first(knex.raw('count(*)::int AS n'), knex.raw('count(DISTINCT identifier)::int AS distinct'))) as { n: number; distinct: number };
    expect(n).toBe(ROWS - ROWS / BROKEN_EVERY);
    expect(distinct).toBe(n);
    const rejects = readFileSync(`${file}.rejects.jsonl`, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { line: number });
    expect(rejects.map((reject) => reject.line)).toEqual(Array.from({ length: ROWS / BROKEN_EVERY }, (_, i) => (i + 1) * BROKEN_EVERY));

    // 5. A third run finds the file imported and reads nothing.
    const third = importCli();
    let thirdOutput = '';
    third.stdout!.on('data', (chunk: Buffer) => { thirdOutput += chunk.toString(); });
    expect((await exited(third)).code).toBe(0);
    expect(JSON.parse(thirdOutput.trim().split('\n').at(-1)!)).toMatchObject({ alreadyImported: true, runLines: 0 });
  }, 110_000);
});
