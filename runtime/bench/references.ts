/**
 * The physical references of a benchmark run (issue #10 point 2): what this machine's PostgreSQL and Node.js do
 * with no Tongban code in the way — a single-row commit, a COPY, an indexed lookup, an empty fastify route — each
 * measured once per run (memoised), by the first suite that needs it, and listed by the `references` suite.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { percentile, rawCommitRate, type BenchContext } from './harness';
import { loadTest, startEmptyServer, type LoadResult } from './processes';

/** A reference figure, as a {@link BenchRow} carries it. */
export interface Reference {
  metric: string;
  value: number;
  unit: string;
}

const memo = new Map<string, Promise<unknown>>();
function once<T>(key: string, measure: () => Promise<T>): Promise<T> {
  if (!memo.has(key)) memo.set(key, measure());
  return memo.get(key) as Promise<T>;
}

/** A migrated database of its own for the raw references (plain tables, nothing of Tongban's in them). */
function referenceDatabase(context: BenchContext): Promise<string> {
  return once('database', async () => (await context.freshDatabase({ poolMax: 2 })).url);
}

/** The load runs' length: 5 s at the default scale, 15 s at the reference scale. */
export function loadSeconds(context: BenchContext): number {
  return Number(process.env.BENCH_LOAD_SECONDS ?? (context.scale === 'reference' ? 15 : 5));
}

/**
 * Waits for the requests a load run left in flight (autocannon stops counting at its deadline, the server goes on
 * answering what it queued), so the next run starts on an idle server.
 */
export function settle(ms = 2000): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The raw single-row commit rate with `clients` connections (pgbench's simple-update shape). */
export function commitReference(context: BenchContext, clients: number): Promise<Reference> {
  return once(`commit:${clients}`, async () => {
    context.log(`reference: raw single-row commits, ${clients} clients`);
    const value = await rawCommitRate(await referenceDatabase(context), clients, context.scale === 'reference' ? 10_000 : 4_000);
    return { metric: `raw single-row commits (${clients} clients)`, value, unit: 'tx/s' };
  });
}

/**
 * The raw COPY rate into a table of archive-like width (bigint key, five text columns, a timestamp, an integer, a
 * unique index and one secondary index), 300,000 rows (2,000,000 at the reference scale) in one COPY.
 */
export function copyReference(context: BenchContext): Promise<Reference> {
  return once('copy', async () => {
    const count = context.scale === 'reference' ? 2_000_000 : 300_000;
    context.log(`reference: raw COPY of ${count.toLocaleString('en')} rows`);
    const client = new pg.Client({ connectionString: await referenceDatabase(context) });
    await client.connect();
    try {
      await client.query(`CREATE TABLE bench_copy (id bigint PRIMARY KEY, key text NOT NULL UNIQUE, region text NOT NULL, name text NOT NULL,
        kind text NOT NULL, note text, at timestamptz NOT NULL, n int NOT NULL)`);
      await client.query('CREATE INDEX ON bench_copy (region, at)');
      const lines = (function* () {
        const base = Date.UTC(2023, 0, 1);
        for (let i = 1; i <= count; i += 1) {
          yield `${i}\t449902-XK00001001-20230101-${String(i).padStart(7, '0')}\t4499${String(2 + (i % 9)).padStart(2, '0')}\t申请人${i % 997}\tperson\t备注 ${i}\t${new Date(base + i * 60_000).toISOString()}\t${i % 20}\n`;
        }
      })();
      const started = performance.now();
      await pipeline(Readable.from(lines), client.query(copyFrom('COPY bench_copy FROM STDIN')));
      const value = count / ((performance.now() - started) / 1000);
      await client.query('DROP TABLE bench_copy');
      return { metric: 'raw COPY (archive-like rows, 2 indexes)', value, unit: 'rows/s' };
    } finally {
      await client.end();
    }
  });
}

/** Raw indexed lookups: one client, a prepared point query by a unique text key among 200,000 rows. */
export function lookupReference(context: BenchContext): Promise<{ p50: Reference; p99: Reference; rate: Reference }> {
  return once('lookup', async () => {
    context.log('reference: raw indexed lookups');
    const client = new pg.Client({ connectionString: await referenceDatabase(context) });
    await client.connect();
    try {
      await client.query('CREATE TABLE bench_lookup (key text PRIMARY KEY, holder text NOT NULL, data jsonb NOT NULL)');
      await client.query(`INSERT INTO bench_lookup SELECT 'K' || lpad(g::text, 9, '0'), md5(g::text), jsonb_build_object('n', g) FROM generate_series(1, 200000) g`);
      await client.query('ANALYZE bench_lookup');
      const samples: number[] = [];
      const lookups = 5000;
      const started = performance.now();
      for (let i = 0; i < lookups; i += 1) {
        const key = `K${String(1 + ((i * 7919) % 200_000)).padStart(9, '0')}`;
        const t = performance.now();
        await client.query({ name: 'lookup', text: 'SELECT holder, data FROM bench_lookup WHERE key = $1', values: [key] });
        samples.push(performance.now() - t);
      }
      const rate = lookups / ((performance.now() - started) / 1000);
      return {
        p50: { metric: 'raw indexed lookup round trip p50', value: percentile(samples, 50), unit: 'ms' },
        p99: { metric: 'raw indexed lookup round trip p99', value: percentile(samples, 99), unit: 'ms' },
        rate: { metric: 'raw indexed lookups, 1 client', value: rate, unit: '/s' },
      };
    } finally {
      await client.end();
    }
  });
}

/** The body the intake benchmarks post (and the empty route parses, for a like-for-like floor). */
export const INTAKE_BODY = JSON.stringify({
  itemCode: 'XK09990101', regionCode: '449902', channel: 'online',
  applicant: { kind: 'person', name: '王晓明', idNumber: '449902199003154519' },
  formData: { subject: '基准测试申请：食品经营许可（仅销售预包装食品）' },
});

/**
 * The empty fastify route (its own process, started like a node) under autocannon (another process) with
 * `connections` connections: POST with the intake body, or GET with none.
 */
export function emptyRouteReference(context: BenchContext, connections: number, method: 'POST' | 'GET' = 'POST'): Promise<LoadResult> {
  return once(`empty:${method}:${connections}`, async () => {
    context.log(`reference: empty fastify route, ${method}, ${connections} connections`);
    const server = await startEmptyServer();
    try {
      const options = {
        urls: [server.url], path: '/empty', method, connections,
        ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: INTAKE_BODY } : {}),
      };
      await loadTest({ ...options, durationS: 1 });
      return await loadTest({ ...options, durationS: loadSeconds(context) });
    } finally {
      await server.stop();
    }
  });
}

/** The empty-route figures as references: throughput and a latency percentile. */
export function emptyRoute(result: LoadResult, connections: number, figure: 'rps' | 'p50' | 'p99' | 'p999', method: 'POST' | 'GET' = 'POST'): Reference {
  const label = `empty fastify ${method} route, ${connections} conn.`;
  return figure === 'rps'
    ? { metric: label, value: result.rps, unit: 'req/s' }
    : { metric: `${label} ${figure === 'p999' ? 'p99.9' : figure}`, value: result[figure], unit: 'ms' };
}
