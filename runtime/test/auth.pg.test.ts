import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/seed/demo-users';
import { useTestApp } from './support/app';

const ctx = useTestApp();

describe('POST /api/v1/auth/login', () => {
  it('gives a demo user a token whose claims carry roles, level, region and department', async () => {
    const users = (await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/demo-users' })).json().users as Array<{ id: string; roles: string[] }>;
    const clerk = users.find((user) => user.id === 'samr.accept');
    expect(clerk).toBeDefined();
    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: clerk!.id, password: DEMO_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const { token, user } = login.json();
    expect(user).toMatchObject({ id: clerk!.id, roles: ['acceptance-clerk'], level: 'city' });
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(user);
  });

  it('seeds demo users for every role and every level', async () => {
    const users = (await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/demo-users' })).json().users as Array<{ roles: string[]; level: string }>;
    const roles = new Set(users.flatMap((user) => user.roles));
    for (const role of ['item-manager', 'publisher', 'acceptance-clerk', 'reviewer', 'decider', 'supervisor', 'applicant', 'admin']) {
      expect(roles.has(role), role).toBe(true);
    }
    expect(new Set(users.map((user) => user.level))).toEqual(new Set(['province', 'city', 'county', 'township', 'village', 'public']));
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'nope' } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'TB_AUTH_LOGIN_FAILED', message: { zh: '用户名或密码错误' } });
    const unknown = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'nope' } });
    expect(unknown.json().code).toBe('TB_AUTH_LOGIN_FAILED');
  });

  it('refuses a tampered token with 401', async () => {
    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: DEMO_PASSWORD } });
    const [header, payload, signature] = String(login.json().token).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['admin', 'supervisor'], sub: 'someone-else' })).toString('base64url');
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${header}.${forged}.${signature}` } });
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('TB_AUTH_INVALID_TOKEN');
  });

  it('answers 401 TB_AUTH_REQUIRED without a token', async () => {
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('TB_AUTH_REQUIRED');
  });

  it('refuses malformed JSON and extra fields with 400 and the field path', async () => {
    const malformed = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('TB_REQUEST_MALFORMED_JSON');
    const extra = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'x', role: 'admin' } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().details).toEqual([expect.objectContaining({ path: '/role', code: 'TB_SCHEMA_UNKNOWN_FIELD', location: 'body' })]);
  });
});
