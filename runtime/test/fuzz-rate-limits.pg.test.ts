import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/seed/demo-users';
import { useTestApp } from './support/app';

/**
 * Rate limits of the public routes (issue #10 point 5): the login (20 a minute per client address) and the public
 * progress lookup (30 a minute) answer 429 with the common error body once a client is over its limit — whatever
 * the requests held, valid or hostile — while other clients are still served, and a forged X-Forwarded-For does
 * not reset the count (the runtime does not trust proxy headers).
 */
const ctx = useTestApp();

const idNumber = fc.oneof(fc.stringMatching(/^[0-9]{17}[0-9X]$/), fc.string({ maxLength: 30 }), fc.constantFrom("' OR '1'='1", '449902199003154519', '%00'));
const applicationNumber = fc.oneof(fc.stringMatching(/^[0-9A-Z-]{1,40}$/), fc.string({ maxLength: 50 }), fc.constantFrom('../../etc/passwd', '<script>'));

describe('rate limits', () => {
  it('limits the login to 20 attempts a minute per client address, then answers 429 with the error body', async () => {
    const attempt = (remoteAddress: string, password: string, headers: Record<string, string> = {}) => ctx.app.inject({
      method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers, payload: { username: 'demo-wang', password },
    });
    // 1. Twenty attempts, right and wrong passwords mixed (a password guesser's pattern), are all answered.
    const passwords = fc.sample(fc.oneof(fc.constant(DEMO_PASSWORD), fc.string({ minLength: 1, maxLength: 40 })), { numRuns: 20, seed: 4 });
    for (const password of passwords) {
      const response = await attempt('203.0.113.7', password);
      expect(response.statusCode, response.body).toBeLessThan(429);
    }
    // 2. The 21st is refused, however it is dressed.
    const dresses: Array<Record<string, string>> = [{}, { 'x-forwarded-for': '198.51.100.1' }, { 'x-real-ip': '198.51.100.2' }];
    for (const headers of dresses) {
      const refused = await attempt('203.0.113.7', DEMO_PASSWORD, headers);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ code: 'TB_REQUEST_RATE_LIMITED', message: { zh: expect.any(String), en: expect.any(String) } });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    // 3. Another client is still served.
    expect((await attempt('203.0.113.8', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('limits the public progress lookup to 30 a minute per client address, counting hostile queries too', async () => {
    const lookups = fc.sample(fc.record({ number: applicationNumber, idNumber }), { numRuns: 30, seed: 8 });
    const lookup = (remoteAddress: string, query: { number: string; idNumber: string }) => ctx.app.inject({
      method: 'GET', url: '/api/v1/progress', remoteAddress, query,
    });
    for (const query of lookups) {
      const response = await lookup('203.0.113.9', query);
      expect(response.statusCode, response.body).toBeLessThan(429);
      expect(response.json().code ?? 'ok').toMatch(/^(ok|TB_[A-Z_]+)$/);
    }
    const refused = await lookup('203.0.113.9', { number: 'X', idNumber: '449902199003154519' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'TB_REQUEST_RATE_LIMITED' });
    const forged = await ctx.app.inject({ method: 'GET', url: '/api/v1/progress', remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': '192.0.2.1' }, query: { number: 'X', idNumber: '449902199003154519' } });
    expect(forged.statusCode).toBe(429);
    expect((await lookup('203.0.113.10', { number: 'X', idNumber: '449902199003154519' })).statusCode).not.toBe(429);
  });
});
