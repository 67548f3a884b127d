/**
 * The empty-route reference of the HTTP benchmarks: fastify with no plugins, `POST /empty` that parses the JSON body
 * and answers `{}` (and `GET /empty`) — the floor of one HTTP request on this machine. Started as its own process on PORT, the
 * same way as a runtime node (`bench/processes.ts`).
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.get('/health', async () => ({ status: 'ok' }));
app.post('/empty', async () => ({}));
app.get('/empty', async () => ({}));
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
