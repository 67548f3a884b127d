/**
 * `pnpm bench archive` (issue #10 points 1 and 2): the archive migration through `tongban import-archive`, in its
 * own process as an operator runs it: rows/s over the whole run (parse, validate against the archive-case contract,
 * COPY into staging, merge with deduplication, the supervision rollup trigger) and the process's peak RSS. Beside it,
 * in the same run: a raw COPY of the very rows it wrote into a plain copy of the table (same indexes, no trigger), and
 * the generic raw COPY reference.
 *
 * `BENCH_SCALE=reference` imports the examples generator's 4,500,000 archived cases; the default 100,000
 * (BENCH_ARCHIVE_IMPORT_CASES overrides).
 */
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { archiveCaseToJson, archiveCases, writeLines } from '@tongban/examples';
import { type BenchRow, type BenchSuite } from '../harness';
import { benchFolder, run } from '../processes';
import { copyReference } from '../references';

const suite: BenchSuite = {
  name: 'archive',
  description: 'archived-case import through the CLI (JSON Lines) vs raw COPY of the same rows',
  async run(context) {
    const count = Number(process.env.BENCH_ARCHIVE_IMPORT_CASES ?? (context.scale === 'reference' ? 4_500_000 : 100_000));
    const folder = benchFolder();
    const file = path.join(folder, `archive-cases-${count}.jsonl`);
    if (!existsSync(file)) {
      context.log(`generating ${count.toLocaleString('en')} archived cases → ${file}`);
      await writeLines(`${file}.part`, archiveCases({ count }), archiveCaseToJson);
      await rename(`${file}.part`, file);
    }
    const { database, url } = await context.freshDatabase({ seeded: true, poolMax: 2 });
    const rejects = path.join(folder, 'archive-rejects.jsonl');
    context.log(`importing ${count.toLocaleString('en')} archived cases (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB)`);
    const started = performance.now();
    const imported = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import-archive', file, '--quiet', '--rejects', rejects], { ...process.env, DATABASE_URL: url });
    const seconds = (performance.now() - started) / 1000;
    if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
    const report = JSON.parse(imported.stdout.trim().split('\n').at(-1)!) as { inserted: number; duplicates: number; rejected: number; elapsedMs: number; maxRssMiB: number };
    const rate = (report.inserted + report.duplicates + report.rejected) / (report.elapsedMs / 1000);
    const stored = Number((await database.knex('archive_case').count({ n: '*' }).first())!.n);

    // The same rows, dumped as COPY text and copied into a table of the same shape and indexes without the trigger.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const dump = path.join(folder, `archive-${count}.copy`);
    let rawRate: number;
    try {
      await pipeline(client.query(copyTo('COPY archive_case TO STDOUT')), createWriteStream(dump));
      await client.query('CREATE TABLE bench_archive_raw (LIKE archive_case INCLUDING ALL)');
      const copyStarted = performance.now();
      await pipeline(createReadStream(dump, { highWaterMark: 1 << 20 }), client.query(copyFrom('COPY bench_archive_raw FROM STDIN')));
      rawRate = stored / ((performance.now() - copyStarted) / 1000);
      await client.query('DROP TABLE bench_archive_raw');
    } finally {
      await client.end();
      await rm(dump, { force: true });
    }
    const generic = await copyReference(context);
    context.log(`import ${rate.toFixed(0)} rows/s, raw COPY of the same rows ${rawRate.toFixed(0)} rows/s, peak RSS ${report.maxRssMiB} MiB`);
    const note = `${report.inserted} new, ${report.duplicates} duplicate, ${report.rejected} rejected; ${stored} stored; whole run ${seconds.toFixed(0)} s`;
    return [
      {
        suite: 'archive', metric: `import rate (${count.toLocaleString('en')} cases, CLI)`, value: rate, unit: 'rows/s',
        reference: { metric: 'raw COPY of the same rows, same indexes, no trigger', value: rawRate, unit: 'rows/s' }, ratio: rate / rawRate,
        note,
      },
      { suite: 'archive', metric: 'import rate vs generic raw COPY', value: rate, unit: 'rows/s', reference: generic, ratio: rate / generic.value },
      { suite: 'archive', metric: 'import peak RSS', value: report.maxRssMiB, unit: 'MiB', note: 'bounded: streamed in batches, independent of the file size' },
      {
        suite: 'archive', metric: `4.5 M cases at this rate (extrapolated)`, value: 4_500_000 / rate / 60, unit: 'min',
        note: context.scale === 'reference' ? 'measured at full scale' : 'BENCH_SCALE=reference imports all 4.5 M',
      },
    ] satisfies BenchRow[];
  },
};

export default suite;
