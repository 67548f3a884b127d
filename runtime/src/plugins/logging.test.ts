import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loggerOptions, maskDeep, maskIdentifiers } from './logging';

describe('log masking', () => {
  it('masks resident ID numbers inside any text, keeping region and last four', () => {
    expect(maskIdentifiers('申请人 449902199003154519 提交')).toBe('申请人 449902********4519 提交');
    expect(maskIdentifiers('11010519491231002X')).toBe('110105********002X');
    // a credit code and an application number are not resident IDs
    expect(maskIdentifiers('91449902MA5G2X1Y6D 449902-261124-00000001-2')).toBe('91449902MA5G2X1Y6D 449902-261124-00000001-2');
  });

  it('masks nested fields and error messages', () => {
    expect(maskDeep({ applicant: { idNumber: '449902199003154519' }, list: ['449903198511022629'] })).toEqual({
      applicant: { idNumber: '449902********4519' },
      list: ['449903********2629'],
    });
  });

  it('never writes a resident ID number or a bearer token in a request log line', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _encoding, callback) { lines.push(String(chunk)); callback(); } });
    const options = loggerOptions('info') as Record<string, unknown>;
    const app = Fastify({ logger: { ...options, stream } as never });
    app.get('/api/v1/progress', async (request) => {
      request.log.info({ idNumber: '449902199003154519' }, 'lookup by 449902199003154519');
      return { ok: true };
    });
    await app.inject({ method: 'GET', url: '/api/v1/progress?number=1&idNumber=449902199003154519', headers: { authorization: 'Bearer secret-token' } });
    await app.close();
    const text = lines.join('');
    expect(text).toContain('449902********4519');
    expect(text).not.toContain('449902199003154519');
    expect(text).not.toContain('secret-token');
  });
});
