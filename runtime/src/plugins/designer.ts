import { existsSync } from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { runtimeRoot } from '../config';

/** Where the built designer is (`pnpm --filter @tongban/designer build`). */
export const DESIGNER_DIST = path.resolve(runtimeRoot, '../designer/dist');

/**
 * Serves the built designer at `/`: its files, and `index.html` for every other GET outside `/api` so that the
 * designer's history-mode routes (`/items/XK00001001`, `/worklist` …) load on refresh. Without a build the runtime
 * serves the API alone.
 */
export const designerPlugin = fp(async (app: FastifyInstance, options: { root?: string } = {}) => {
  const root = options.root ?? DESIGNER_DIST;
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn({ root }, 'no designer build found: serving the API only (run `pnpm --filter @tongban/designer build`)');
    return;
  }
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'], cacheControl: true, maxAge: '1h' });
  // Hashed assets never change; index.html must not be cached so a new build is picked up at once.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url === '/' || request.url.startsWith('/index.html')) reply.header('cache-control', 'no-cache');
    return payload;
  });
  app.decorate('designerRoot', root);
}, { name: 'tongban-designer' });

declare module 'fastify' {
  interface FastifyInstance {
    designerRoot?: string;
  }
}
