/**
 * `pnpm bench licences` (issue #7): the licence library at scale.
 *
 * 1. Import rate of the generated file through `tongban import-licences` (a child process: rows/s and its peak RSS),
 *    beside a raw COPY of the same rows into a table with the same indexes, in the same run (target: ≥ half).
 * 2. A holder's valid licences of a type among the imported rows: server-side execution time (EXPLAIN ANALYZE) and
 *    client round trip, p50/p99 (target p99 < 1 ms in the database).
 * 3. The same lookup over HTTP (`GET /api/v1/licences?holderIdNumber=…&typeCode=…&valid=true`) under 32 concurrent
 *    connections, driven by autocannon in a separate process (targets ≥ 5,000 lookups/s, p99 < 10 ms).
 *
 * `BENCH_SCALE=reference` imports 8,000,000 records; the default imports 500,000.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { licenceRecords, licenceToJson, writeLines } from '@tongban/examples';
import { buildApp } from '../../src/app';
import { DEMO_PASSWORD } from '../../src/seed/demo-users';
import { percentile, type BenchRow, type BenchSuite } from '../harness';
import { emptyRoute, emptyRouteReference, lookupReference } from '../references';

const runtimeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: runtimeDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const AUTOCANNON = `
const autocannon = require('autocannon');
const { url, token, holders, duration } = JSON.parse(require('node:fs').readFileSync(process.argv[2], 'utf8'));
let i = 0;
const instance = autocannon({
  url, connections: 32, duration, headers: { authorization: 'Bearer ' + token },
  requests: [{ setupRequest: (request) => { const [holder, type] = holders[i++ % holders.length]; request.path = '/api/v1/licences?holderIdNumber=' + holder + '&typeCode=' + type + '&valid=true'; return request; } }],
}, (error, result) => {
  if (error) { console.error(error); process.exit(1); }
  console.log(JSON.stringify({ rps: result.requests.average, total: result.requests.total, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx }));
});
`;

const suite: BenchSuite = {
  name: 'licences',
  description: 'licence import vs raw COPY, holder lookup in the database and over HTTP at 32 connections',
  async run(context) {
    const count = context.scale === 'reference' ? 8_000_000 : 500_000;
    const rows: BenchRow[] = [];
    const folder = path.join(tmpdir(), 'tongban-bench');
    mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `licences-${count}.jsonl`);
    if (!existsSync(file)) {
      context.log(`generating ${count.toLocaleString('en')} licence records → ${file}`);
      await writeLines(`${file}.part`, licenceRecords({ count }), licenceToJson);
      await import('node:fs/promises').then((fs) => fs.rename(`${file}.part`, file));
    }
    const { database, url } = await context.freshDatabase({ seeded: true, poolMax: 40 });

    // 1. Import through the CLI, in its own process, so its peak memory is its own.
    context.log(`importing ${count.toLocaleString('en')} records (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB)`);
    const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
    const cli = [process.execPath, '--import', 'tsx', 'src/cli.ts', 'import-licences', file, '--quiet', '--rejects', path.join(folder, 'rejects.jsonl')];
    const started = performance.now();
    const imported = timeBin
      ? await run(timeBin, ['-f', 'maxrss_kb=%M', ...cli], { ...process.env, DATABASE_URL: url })
      : await run(cli[0]!, cli.slice(1), { ...process.env, DATABASE_URL: url });
    const importSeconds = (performance.now() - started) / 1000;
    if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
    const report = JSON.parse(imported.stdout.trim().split('\n').at(-1)!) as { inserted: number; rejected: number; elapsedMs: number };
    const importRate = (report.inserted + report.rejected) / (report.elapsedMs / 1000);
    const rss = /maxrss_kb=(\d+)/.exec(imported.stderr);

    // Raw COPY of the same rows: dump them as COPY text, then COPY them into a table with the same indexes.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const dump = path.join(folder, `licences-${count}.copy`);
    await pipeline(client.query(copyTo('COPY licence TO STDOUT')), createWriteStream(dump));
    await client.query('CREATE TABLE raw_licence (LIKE licence INCLUDING ALL)');
    const copyStarted = performance.now();
    await pipeline(createReadStream(dump, { highWaterMark: 1 << 20 }), client.query(copyFrom('COPY raw_licence FROM STDIN')));
    const rawRate = report.inserted / ((performance.now() - copyStarted) / 1000);
    await client.query('DROP TABLE raw_licence');
    await import('node:fs/promises').then((fs) => fs.rm(dump, { force: true }));
    rows.push({
      suite: 'licences', metric: `import rate (${count.toLocaleString('en')} records, CLI, whole run ${importSeconds.toFixed(0)} s)`, value: importRate, unit: 'rows/s',
      reference: { metric: 'raw COPY of the same rows, same indexes', value: rawRate, unit: 'rows/s' }, ratio: importRate / rawRate,
      target: '>= 0.5 x raw COPY', met: importRate >= rawRate / 2,
    });
    context.log(`import ${importRate.toFixed(0)} rows/s, raw COPY ${rawRate.toFixed(0)} rows/s, peak RSS ${rss ? (Number(rss[1]) / 1024).toFixed(0) : '?'} MiB`);
    if (rss) rows.push({ suite: 'licences', metric: 'import peak RSS', value: Number(rss[1]) / 1024, unit: 'MiB', note: 'bounded: independent of the file size' });

    // 2. Lookups in the database.
    await client.query('ANALYZE licence');
    const sample = (await client.query<{ holder_id_number: string; type_code: string }>(
      'SELECT holder_id_number, type_code FROM licence TABLESAMPLE SYSTEM (1) LIMIT 5000',
    )).rows.map((row) => [row.holder_id_number, row.type_code] as [string, string]);
    const lookup = `SELECT identifier, type_code, status, valid_until, data FROM licence WHERE holder_id_number = $1 AND type_code = $2
      AND status = 'valid' AND (valid_until IS NULL OR valid_until >= $3) AND (valid_from IS NULL OR valid_from <= $3)`;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const server: number[] = [];
    const roundTrip: number[] = [];
    for (const [holder, type] of sample.slice(0, 2000)) {
      const explain = await client.query<{ 'QUERY PLAN': Array<{ 'Execution Time': number }> }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${lookup}`, [holder, type, today]);
      server.push(explain.rows[0]!['QUERY PLAN'][0]!['Execution Time']);
    }
    for (const [holder, type] of sample) {
      const t = performance.now();
      await client.query({ name: 'holder-lookup', text: lookup, values: [holder, type, today] });
      roundTrip.push(performance.now() - t);
    }
    await client.end();
    context.log(`lookup server p50 ${percentile(server, 50).toFixed(3)} ms p99 ${percentile(server, 99).toFixed(3)} ms; round trip p99 ${percentile(roundTrip, 99).toFixed(3)} ms`);
    rows.push({ suite: 'licences', metric: 'holder lookup, server execution p50', value: percentile(server, 50), unit: 'ms' });
    rows.push({ suite: 'licences', metric: 'holder lookup, server execution p99', value: percentile(server, 99), unit: 'ms', target: '< 1 ms', met: percentile(server, 99) < 1 });
    const raw = await lookupReference(context);
    rows.push({
      suite: 'licences', metric: 'holder lookup, client round trip p50 / p99', value: percentile(roundTrip, 50), unit: 'ms', note: `p99 ${percentile(roundTrip, 99).toFixed(3)} ms`,
      reference: raw.p50, ratio: percentile(roundTrip, 50) / raw.p50.value,
    });

    // 3. Over HTTP, 32 connections, load from a separate process.
    const app = await buildApp({ database, logger: false, config: { dataDir: folder } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = app.server.address() as { port: number };
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: '449902.samr.accept', password: DEMO_PASSWORD } });
      const token = login.json().token as string;
      const duration = context.scale === 'reference' ? 30 : 10;
      const args = path.join(folder, 'autocannon-input.json');
      writeFileSync(args, JSON.stringify({ url: `http://127.0.0.1:${address.port}`, token, holders: sample, duration }));
      const script = path.join(folder, 'autocannon.cjs');
      writeFileSync(script, AUTOCANNON);
      context.log(`HTTP lookups: 32 connections for ${duration} s`);
      const result = await run(process.execPath, [script, args], { ...process.env, NODE_PATH: path.join(runtimeDir, 'node_modules') });
      if (result.code !== 0) throw new Error(`autocannon failed: ${result.stderr}`);
      const http = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { rps: number; p50: number; p99: number; errors: number; non2xx: number };
      const empty = await emptyRouteReference(context, 32, 'GET');
      rows.push({
        suite: 'licences', metric: 'HTTP holder lookups, 32 connections', value: http.rps, unit: 'req/s', target: '>= 5,000', met: http.rps >= 5000,
        note: `errors ${http.errors}, non-2xx ${http.non2xx}`, reference: emptyRoute(empty, 32, 'rps', 'GET'), ratio: http.rps / empty.rps,
      });
      rows.push({ suite: 'licences', metric: 'HTTP holder lookup latency p50', value: http.p50, unit: 'ms', reference: emptyRoute(empty, 32, 'p50', 'GET'), ratio: http.p50 / Math.max(empty.p50, 1) });
      rows.push({
        suite: 'licences', metric: 'HTTP holder lookup latency p99', value: http.p99, unit: 'ms', target: '< 10 ms', met: http.p99 < 10,
        reference: emptyRoute(empty, 32, 'p99', 'GET'), ratio: http.p99 / Math.max(empty.p99, 1),
      });
    } finally {
      await app.close();
    }
    return rows;
  },
};

export default suite;
