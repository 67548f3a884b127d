import type { FastifyInstance, InjectOptions } from 'fastify';
import { DEMO_PASSWORD } from '../../src/seed/demo-users';

/** A logged-in test caller. */
export interface Caller {
  id: string;
  token: string;
  request<T = unknown>(method: InjectOptions['method'], url: string, payload?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
}

const tokens = new WeakMap<FastifyInstance, Map<string, string>>();

/** Logs in a demo user through the real login route (once per app and user: the route is rate-limited). */
export async function login(app: FastifyInstance, username: string): Promise<Caller> {
  let known = tokens.get(app);
  if (!known) tokens.set(app, (known = new Map()));
  let token = known.get(username);
  if (!token) {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });
    if (response.statusCode !== 200) throw new Error(`login ${username} failed: ${response.body}`);
    token = response.json().token as string;
    known.set(username, token);
  }
  const bearer = token;
  return {
    id: username,
    token: bearer,
    async request(method, url, payload, headers = {}) {
      const result = await app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${bearer}`, ...headers },
        ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
      });
      return { status: result.statusCode, body: (result.body ? result.json() : undefined) as never };
    },
  };
}

/** Uploads a small real PDF as `caller` and answers its file id. */
export async function uploadPdf(app: FastifyInstance, caller: Caller, text = 'Tongban test material'): Promise<string> {
  const pdf = Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
  const boundary = '----tongban-test-boundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="material.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    pdf,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/files',
    headers: { authorization: `Bearer ${caller.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
  if (response.statusCode !== 201) throw new Error(`upload failed: ${response.body}`);
  return response.json().fileId as string;
}
