import type { FastifyInstance } from 'fastify';
import type { ChangeFeed, ChangeKind } from './feed';
import { changeEventSchema, errors, feedQuery } from './schemas';

const tags = ['change feed'];

/**
 * The change feed (issue #5 point 8), public like the catalogue it describes: every publication, withdrawal,
 * migration, implementation change and import, as pages (`GET /changes?after=<id>`) and as a live server-sent event
 * stream (`GET /changes/stream`) that departments' systems follow, resuming from `Last-Event-ID`.
 */
export async function changeFeedRoutes(app: FastifyInstance, options: { feed: ChangeFeed; heartbeatMs?: number }): Promise<void> {
  const { feed } = options;
  // Open streams end when the server closes (before it waits for connections to finish).
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const stop of [...streams]) stop();
  });

  app.get('/changes', {
    schema: {
      tags, summary: 'Change events after a cursor, oldest first (page with `next`)', querystring: feedQuery,
      response: {
        200: {
          type: 'object', additionalProperties: false, required: ['events', 'next'],
          properties: { events: { type: 'array', items: changeEventSchema }, next: { type: ['integer', 'null'], description: 'The `after` of the next page; null at the end' } },
        },
        ...errors,
      },
    },
  }, async (request) => {
    const query = request.query as { after?: number; limit?: number; item?: string; kind?: ChangeKind };
    return feed.page({
      limit: query.limit ?? 100, ...(query.after !== undefined ? { after: query.after } : {}), ...(query.item ? { itemCode: query.item } : {}), ...(query.kind ? { kind: query.kind } : {}),
    });
  });

  app.get('/changes/stream', {
    schema: {
      tags,
      summary: 'Live change events as server-sent events (`id` = event id; resume with Last-Event-ID or `after`; without either, only new events)',
      querystring: { type: 'object', additionalProperties: false, properties: { after: { type: 'integer', minimum: 0 }, item: feedQuery.properties.item } },
      headers: { type: 'object', properties: { 'last-event-id': { type: 'string', pattern: '^[0-9]{1,18}$' } } },
      response: { 200: { type: 'string', description: 'text/event-stream' }, ...errors },
    },
  }, async (request, reply) => {
    const query = request.query as { after?: number; item?: string };
    const lastEventId = request.headers['last-event-id'];
    let cursor = typeof lastEventId === 'string' ? Number(lastEventId) : query.after ?? (await feed.latestId());
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: 3000\n: tongban change feed from ${cursor}\n\n`);
    let flushing = false;
    let again = false;
    let closed = false;
    const flush = async () => {
      if (flushing) {
        again = true;
        return;
      }
      flushing = true;
      try {
        do {
          again = false;
          for (;;) {
            const page = await feed.page({ after: cursor, limit: 200, ...(query.item ? { itemCode: query.item } : {}) });
            for (const event of page.events) {
              if (closed) return;
              raw.write(`id: ${event.id}\nevent: ${event.kind}\ndata: ${JSON.stringify(event)}\n\n`);
              cursor = event.id;
            }
            if (page.next === null) break;
          }
        } while (again && !closed);
      } catch (error) {
        request.log.warn({ err: error }, 'change feed stream could not read events');
      } finally {
        flushing = false;
      }
    };
    const unsubscribe = feed.subscribe(() => void flush());
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), options.heartbeatMs ?? 15_000);
    heartbeat.unref?.();
    const stop = () => {
      if (closed) return;
      closed = true;
      streams.delete(stop);
      clearInterval(heartbeat);
      unsubscribe();
      raw.end();
    };
    streams.add(stop);
    raw.on('close', stop);
    void flush();
  });
}
