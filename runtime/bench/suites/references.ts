/**
 * `pnpm bench references` (issue #10 point 2): the physical references every other figure is judged against,
 * measured on this machine in this run — raw single-row commits (1 and 8 clients), a raw COPY, raw indexed lookups,
 * and the empty fastify route at each concurrency the HTTP suites use. A reference another suite already measured
 * in this run is listed, not measured again (`bench/references.ts` memoises them).
 */
import { type BenchRow, type BenchSuite } from '../harness';
import { commitReference, copyReference, emptyRoute, emptyRouteReference, lookupReference, type Reference } from '../references';

const suite: BenchSuite = {
  name: 'references',
  description: 'raw commit, raw COPY, raw indexed lookup, empty fastify route (1–64 connections)',
  async run(context) {
    const row = (reference: Reference, note?: string): BenchRow => ({ suite: 'references', metric: reference.metric, value: reference.value, unit: reference.unit, ...(note ? { note } : {}) });
    const rows: BenchRow[] = [];
    rows.push(row(await commitReference(context, 1)), row(await commitReference(context, 8)));
    rows.push(row(await copyReference(context)));
    const lookup = await lookupReference(context);
    rows.push(row(lookup.rate), row(lookup.p50), row(lookup.p99));
    const levels = (process.env.BENCH_CONNECTIONS ?? '1,8,32,64').split(',').map(Number);
    for (const connections of [...new Set([...levels, Number(process.env.BENCH_NODE_CONNECTIONS ?? 24)])].sort((a, b) => a - b)) {
      const empty = await emptyRouteReference(context, connections);
      rows.push(row(emptyRoute(empty, connections, 'rps'), `autocannon in its own process; ${empty.non2xx} non-2xx`));
      for (const figure of ['p50', 'p99', 'p999'] as const) rows.push(row(emptyRoute(empty, connections, figure)));
    }
    const get = await emptyRouteReference(context, 32, 'GET');
    rows.push(row(emptyRoute(get, 32, 'rps', 'GET')), row(emptyRoute(get, 32, 'p99', 'GET')));
    return rows;
  },
};

export default suite;
