/**
 * `pnpm bench nodes` (issue #10 points 2 and 4): intake throughput with 1, 2 and 3 runtime processes (`tongban
 * serve`, each with its job worker) on one PostgreSQL database. autocannon, in its own process, spreads 24
 * connections (BENCH_NODE_CONNECTIONS) evenly over the nodes, as a round-robin load balancer would. Each figure
 * stands beside the empty fastify route at the same concurrency, and the 2- and 3-node figures beside 1 node.
 *
 * All processes share this machine's cores with PostgreSQL and the load generator, so the figures show the
 * coordination cost of more nodes (shared rows, job claims, advisory locks), not the gain of more hardware.
 */
import { type BenchRow, type BenchSuite } from '../harness';
import { INTAKE_ITEM_CODE, applicantHeaders, publishIntakeItem } from '../intake-item';
import { loadTest, startRuntimeNode, type LoadResult, type ServerProcess } from '../processes';
import { INTAKE_BODY, emptyRoute, emptyRouteReference, loadSeconds, settle } from '../references';

const suite: BenchSuite = {
  name: 'nodes',
  description: 'intake over HTTP with 1, 2 and 3 runtime processes on one PostgreSQL (24 connections spread over them)',
  async run(context) {
    const connections = Number(process.env.BENCH_NODE_CONNECTIONS ?? 24);
    const { database, url } = await context.freshDatabase({ seeded: true, poolMax: 2 });
    await publishIntakeItem(database.knex);
    const empty = await emptyRouteReference(context, connections);
    const rows: BenchRow[] = [];
    let single: LoadResult | undefined;
    for (const count of [1, 2, 3]) {
      const nodes: ServerProcess[] = [];
      try {
        nodes.push(...(await Promise.all(Array.from({ length: count }, () => startRuntimeNode(url)))));
        const headers = await applicantHeaders(nodes[0]!.url);
        const load = { urls: nodes.map((node) => node.url), path: '/api/v1/applications', method: 'POST' as const, headers, body: INTAKE_BODY, connections };
        await loadTest({ ...load, connections: count * 4, durationS: 2 });
        await settle();
        const before = Number((await database.knex('application').where({ item_code: INTAKE_ITEM_CODE }).count({ n: '*' }).first())!.n);
        context.log(`${count} node(s): ${connections} connections for ${loadSeconds(context) * 2} s`);
        const result = await loadTest({ ...load, durationS: loadSeconds(context) * 2 });
        const after = Number((await database.knex('application').where({ item_code: INTAKE_ITEM_CODE }).count({ n: '*' }).first())!.n);
        await settle();
        single ??= result;
        const note = `${after - before} applications written, ${result.non2xx} non-2xx, ${result.errors} errors`
          + (count > 1 ? `; ${(result.rps / single.rps).toFixed(2)} x 1 node` : '');
        rows.push({
          suite: 'nodes', metric: `intake applications/s, ${count} node${count > 1 ? 's' : ''}`, value: result.rps, unit: 'req/s',
          reference: emptyRoute(empty, connections, 'rps'), ratio: result.rps / empty.rps, note,
        });
        rows.push({ suite: 'nodes', metric: `intake latency p50, ${count} node${count > 1 ? 's' : ''}`, value: result.p50, unit: 'ms', reference: emptyRoute(empty, connections, 'p50'), ratio: result.p50 / Math.max(empty.p50, 1) });
        rows.push({ suite: 'nodes', metric: `intake latency p99, ${count} node${count > 1 ? 's' : ''}`, value: result.p99, unit: 'ms', reference: emptyRoute(empty, connections, 'p99'), ratio: result.p99 / Math.max(empty.p99, 1) });
      } finally {
        await Promise.all(nodes.map((node) => node.stop()));
      }
    }
    return rows;
  },
};

export default suite;
