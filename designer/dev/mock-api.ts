/**
 * A stand-in for the runtime's `/api/v1` in development (`TONGBAN_MOCK_API=1 pnpm dev`) and in the browser tests,
 * answering from the fixture catalogue. Only the routes the designer calls today; shapes follow the runtime
 * (`runtime/src/domains/*`) where it has them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fixtureBundle, fixtureCategories, fixtureDepartments, fixtureItems } from './fixture-catalogue';

const DEMO_USERS = [
  { id: 'item-manager', name: '王敏', roles: ['item-manager'], level: 'city', regionCode: '4499', departmentCode: '449900-GSD' },
  { id: 'publisher', name: '李强', roles: ['publisher'], level: 'city', regionCode: '4499', departmentCode: '449900-GSD' },
  { id: 'clerk', name: '陈静', roles: ['acceptance-clerk'], level: 'city', regionCode: '4499', departmentCode: '449900-SAMR' },
];
/** Password of every mock demo user. */
export const MOCK_PASSWORD = 'tongban';

/** Creates the handler; it answers `true` when it handled the request. */
export function createMockApi(): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const items = fixtureItems();
  const categories = fixtureCategories();
  const departments = fixtureDepartments();
  const drafts = new Map<string, unknown>();

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/api/v1/')) return false;
    const path = url.pathname.slice('/api/v1'.length);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
      return true;
    };
    const error = (status: number, code: string, zh: string, en: string) => send(status, { code, message: { zh, en } });
    const authorised = () => /^Bearer mock\./.test(req.headers.authorization ?? '');

    if (req.method === 'POST' && path === '/auth/login') {
      const body = JSON.parse(await readBody(req) || '{}') as { username?: string; password?: string };
      const user = DEMO_USERS.find((candidate) => candidate.id === body.username);
      if (!user || body.password !== MOCK_PASSWORD) return error(401, 'TB_AUTH_LOGIN_FAILED', '用户名或密码错误', 'wrong user name or password');
      return send(200, { token: `mock.${user.id}`, user });
    }
    if (req.method === 'GET' && path === '/auth/demo-users') return send(200, { users: DEMO_USERS });
    if (!authorised()) return error(401, 'TB_AUTH_REQUIRED', '请先登录', 'log in first');
    if (req.method === 'GET' && path === '/auth/me') return send(200, DEMO_USERS.find((user) => req.headers.authorization === `Bearer mock.${user.id}`));
    if (req.method === 'GET' && path === '/categories') {
      // the runtime's shape: the tree with item counts
      return send(200, {
        categories: categories.filter((category) => !category.parentCode).map((category) => ({
          code: category.code,
          name: category.name,
          audience: category.audience,
          children: categories.filter((sub) => sub.parentCode === category.code)
            .map((sub) => ({ code: sub.code, name: sub.name, items: items.filter((item) => item.subCategoryCode === sub.code).length })),
        })),
      });
    }
    if (req.method === 'GET' && path === '/departments') return send(200, { departments });
    if (req.method === 'GET' && path === '/items') {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 50), 1000);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const q = url.searchParams.get('q')?.trim() ?? '';
      const matching = q ? items.filter((item) => item.name.includes(q) || item.code.includes(q)) : items;
      return send(200, { items: matching.slice(offset, offset + limit), total: matching.length });
    }
    const draft = /^\/items\/([^/]+)\/draft$/.exec(path);
    if (draft) {
      const code = decodeURIComponent(draft[1]!);
      const summary = items.find((item) => item.code === code);
      if (!summary) return error(404, 'TB_ITEM_NOT_FOUND', '事项不存在', 'no such item');
      if (req.method === 'PUT') {
        drafts.set(code, JSON.parse(await readBody(req)));
        return send(200, { ...(drafts.get(code) as object), version: (summary.version ?? 1) + 1, status: 'draft' });
      }
      const saved = drafts.get(code) as object | undefined;
      return send(200, { ...(saved ?? fixtureBundle(code)), version: summary.version ?? 1, status: saved ? 'draft' : summary.status });
    }
    return error(404, 'TB_REQUEST_NOT_FOUND', '接口不存在', 'no such route');
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
