import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveCaseToJson, archiveCases, writeLines } from '@tongban/examples';
import type { ArchiveCase } from '@tongban/schemas';
import { useTestApp } from './support/app';
import { databaseUrl } from './support/postgres';

/**
 * Archive migration at volume (issue #10 point 1): `tongban import-archive` streams a 300,000-case file (about
 * 210 MB) in bounded memory, survives `kill -9` and, run again, resumes after the last committed batch — each
 * valid case exactly once in `archive_case` and in the supervision rollups, each rejected line once in the rejects
 * file.
 */
const ctx = useTestApp();
const runtimeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROWS = 300_000;
const BROKEN_EVERY = 10_000;
/** Lines 5,000, 55,000, 105,000 … repeat the first case; 30,000, 80,000 … would too but are broken lines (6 repeats). */
const REPEATED = (n: number) => n % 25_000 === 5_000 && n % BROKEN_EVERY !== 0;
const BROKEN = ROWS / BROKEN_EVERY;
const REPEATS = Array.from({ length: ROWS }, (_, i) => i + 1).filter(REPEATED).length;
/** V8 heap cap of the resumed run: a working set that grew with the file would fail with "heap out of memory". */
const HEAP_MIB = 96;
let folder: string;
let file: string;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'tongban-archive-resume-'));
  file = path.join(folder, 'archive-cases.jsonl');
  let n = 0;
  let first: ArchiveCase | undefined;
  await writeLines(file, archiveCases({ count: ROWS, seed: 7 }), (record) => {
    n += 1;
    first ??= record;
    if (n % BROKEN_EVERY === 0) return `{"caseNumber":"${record.caseNumber}",`;
    return archiveCaseToJson(REPEATED(n) ? first : record);
  });
}, 120_000);

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

function importCli(source: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import-archive', source, '--batch-size', '5000'], {
    cwd: runtimeDir,
    env: { ...process.env, DATABASE_URL: databaseUrl(ctx.databaseName), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function finish(child: ChildProcess): Promise<{ code: number | null; report: Record<string, unknown> }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  if (code !== 0) throw new Error(`import-archive exited with ${code}:\n${stderr.slice(-3000)}`);
  return { code, report: JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown> };
}

describe('tongban import-archive on 300,000 cases', () => {
  it('resumes after SIGKILL without duplicates, in memory bounded independently of the file', async () => {
    const knex = ctx.database.knex;
    // 0. The CLI's own footprint (tsx, Ajv, the contracts) under the same heap cap: an empty file.
    const empty = path.join(folder, 'empty.jsonl');
    writeFileSync(empty, '');
    const baseline = Number((await finish(importCli(empty, { NODE_OPTIONS: `--max-old-space-size=${HEAP_MIB}` }))).report.maxRssMiB);

    // 1. Start the import and kill it hard once some batches have committed.
    const first = importCli(file);
    const killed = new Promise<NodeJS.Signals | null>((resolve) => first.once('exit', (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const row = await knex('archive_import').whereNot({ source_name: empty }).first('line_number');
      if (Number(row?.line_number ?? 0) >= 40_000) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    first.kill('SIGKILL');
    expect(await killed).toBe('SIGKILL');

    // 2. The killed run left committed batches only: rows, rollups and rejects agree with its progress row.
    const progress = await knex('archive_import').where({ source_name: file }).first();
    expect(progress.status).toBe('running');
    expect(Number(progress.line_number)).toBeGreaterThanOrEqual(40_000);
    expect(Number(progress.line_number)).toBeLessThan(ROWS);
    expect(await count()).toBe(Number(progress.rows_inserted));
    expect(Number(progress.rows_inserted) + Number(progress.rows_duplicate) + Number(progress.rows_rejected)).toBe(Number(progress.line_number));
    expect(statSync(`${file}.rejects.jsonl`).size).toBeGreaterThanOrEqual(Number(progress.rejects_offset));

    // 3. Run again under the heap cap: it resumes where the killed run's last batch ended and completes.
    const { report } = await finish(importCli(file, { NODE_OPTIONS: `--max-old-space-size=${HEAP_MIB}` }));
    expect(report).toMatchObject({ status: 'completed', resumedFromLine: Number(progress.line_number), lineNumber: ROWS });
    expect(report).toMatchObject({ inserted: ROWS - BROKEN - REPEATS, duplicates: REPEATS, rejected: BROKEN });
    // Peak RSS: the empty-file baseline plus at most the heap cap. Holding the file (210 MB on disk, twice that as
    // UTF-16 strings) or an unbounded share of it, on or off the V8 heap, would exceed it.
    expect(Number(report.maxRssMiB), `peak ${String(report.maxRssMiB)} MiB, baseline ${baseline} MiB`).toBeLessThan(baseline + HEAP_MIB);

    // 4. Exactly once: each valid case once, each closed case once in the rollups, each broken line once in the rejects.
    const totals = (await knex('archive_case').first(knex.raw('count(*)::int AS n'), knex.raw('count(DISTINCT case_number)::int AS distinct'),
      knex.raw(`count(*) FILTER (WHERE result IN ('approved', 'rejected', 'not-accepted'))::int AS closed`))) as { n: number; distinct: number; closed: number };
    expect(totals.n).toBe(ROWS - BROKEN - REPEATS);
    expect(totals.distinct).toBe(totals.n);
    // Each case is in one daily row per department and district span (the city, province and all-department rows
    // re-aggregate those).
    const rollup = await knex('supervision_rollup').where({ source: 'archive', grain: 'd', span: 'county' }).whereNot({ department_code: '' })
      .sum({ closed: 'closed' }).first();
    expect(Number(rollup!.closed)).toBe(totals.closed);
    const rejects = readFileSync(`${file}.rejects.jsonl`, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { line: number });
    expect(rejects.map((reject) => reject.line)).toEqual(Array.from({ length: BROKEN }, (_, i) => (i + 1) * BROKEN_EVERY));
  }, 300_000);
});

async function count(): Promise<number> {
  return Number((await ctx.database.knex('archive_case').count({ n: '*' }).first())!.n);
}
