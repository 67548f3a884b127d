/**
 * `pnpm bench intake` (issue #10 point 2): intake over HTTP. One runtime node (`tongban serve`, its own process, on
 * a fresh seeded PostgreSQL database) takes `POST /api/v1/applications` from autocannon in another process at
 * increasing concurrency (1, 8, 32, 64 connections; BENCH_CONNECTIONS overrides). Each figure — throughput and
 * p50/p99/p99.9 — stands beside the empty fastify route, served and loaded the same way with the same body at the
 * same concurrency: throughput as a share of the empty route's, latencies as multiples of its.
 */
import { type BenchRow, type BenchSuite } from '../harness';
import { INTAKE_ITEM_CODE, applicantHeaders, publishIntakeItem } from '../intake-item';
import { loadTest, startRuntimeNode } from '../processes';
import { INTAKE_BODY, emptyRoute, emptyRouteReference, loadSeconds, settle } from '../references';

const suite: BenchSuite = {
  name: 'intake',
  description: 'POST /api/v1/applications over HTTP at 1–64 connections (autocannon, separate process) vs the empty route',
  async run(context) {
    const levels = (process.env.BENCH_CONNECTIONS ?? '1,8,32,64').split(',').map(Number);
    const { database, url } = await context.freshDatabase({ seeded: true, poolMax: 2 });
    await publishIntakeItem(database.knex);
    const node = await startRuntimeNode(url);
    const rows: BenchRow[] = [];
    try {
      const headers = await applicantHeaders(node.url);
      const load = { urls: [node.url], path: '/api/v1/applications', method: 'POST' as const, headers, body: INTAKE_BODY };
      context.log('warming the node up (3 s, 8 connections)');
      const warm = await loadTest({ ...load, connections: 8, durationS: 3 });
      await settle();
      if (warm.non2xx > 0 || warm.errors > 0) throw new Error(`intake answers errors in the warm-up: ${JSON.stringify(warm)}\n${node.output()}`);
      for (const connections of levels) {
        const before = Number((await database.knex('application').where({ item_code: INTAKE_ITEM_CODE }).count({ n: '*' }).first())!.n);
        context.log(`intake: ${connections} connections for ${loadSeconds(context)} s`);
        const result = await loadTest({ ...load, connections, durationS: loadSeconds(context) });
        await settle();
        const after = Number((await database.knex('application').where({ item_code: INTAKE_ITEM_CODE }).count({ n: '*' }).first())!.n);
        const empty = await emptyRouteReference(context, connections);
        const note = `${after - before} applications written, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`;
        rows.push({
          suite: 'intake', metric: `applications/s, ${connections} conn.`, value: result.rps, unit: 'req/s',
          reference: emptyRoute(empty, connections, 'rps'), ratio: result.rps / empty.rps, note,
        });
        for (const figure of ['p50', 'p99', 'p999'] as const) {
          rows.push({
            suite: 'intake', metric: `latency ${figure === 'p999' ? 'p99.9' : figure}, ${connections} conn.`, value: result[figure], unit: 'ms',
            reference: emptyRoute(empty, connections, figure), ratio: result[figure] / Math.max(empty[figure], 1),
            ...(figure === 'p99' && connections <= 32 ? { target: '< 100 ms', met: result.p99 < 100 } : {}),
            ...(figure === 'p50' ? { note: 'ratio: multiple of the empty route (autocannon resolves 1 ms; floor 1 ms)' } : {}),
          });
        }
      }
    } finally {
      await node.stop();
    }
    return rows;
  },
};

export default suite;
