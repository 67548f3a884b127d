import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HOLDERS, licenceRecords, licenceToCsv, licenceToJson, LICENCE_CSV_HEADER, makeLicenceIdentifier } from '@tongban/examples';
import type { Licence } from '@tongban/schemas';
import { login } from './support/api';
import { clearLicenceLibrary, useTestApp } from './support/app';

// Issue #7: the licence library — import API, verification (valid, revoked, suspended, expired, tampered, unknown),
// QR payloads, status changes with audit, key rotation, and the holder's and staff's lookups.
const ctx = useTestApp();
// The seeded template holds the demo holders' licences; these tests import the same records themselves.
beforeAll(async () => clearLicenceLibrary(ctx.database.knex));

const records: Licence[] = [...licenceRecords({ count: 40 })];
const holder = (username: string) => DEMO_HOLDERS.find((demo) => demo.username === username)!;
const find = (username: string, typeCode: string) => records.find((r) => r.holder.idNumber === holder(username).idNumber && r.typeCode === typeCode)!;
const BUSINESS = '111000000001001324001';
const RESIDENT_ID = '111000000001040103001';

type Verification = { result: string; reason: { zh: string; en: string }; signed?: boolean; keyId?: string; licence?: { holderIdNumber: string; status: string } };

async function importBody(token: string, batch: string, body: string, contentType = 'application/x-ndjson') {
  const response = await ctx.app.inject({
    method: 'POST', url: `/api/v1/licence-imports?batch=${batch}`, headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, payload: body,
  });
  return { status: response.statusCode, body: response.json() };
}

const verify = async (body: Record<string, string>) => {
  const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/licences/verify', payload: body });
  return { status: response.statusCode, body: response.json() as Verification };
};

describe('licence import API', () => {
  let adminToken: string;
  beforeAll(async () => {
    adminToken = (await login(ctx.app, 'admin')).token;
  });

  it('imports a streamed JSON Lines batch, skips duplicates and lists rejected records with their reasons', async () => {
    const good = records.map(licenceToJson);
    const badCheck = { ...records[0]!, identifier: `${records[0]!.identifier.slice(0, -1)}${records[0]!.identifier.endsWith('0') ? '1' : '0'}` };
    const badData = { ...records[1]!, identifier: makeLicenceIdentifier({ typeCode: records[1]!.typeCode, issuerCreditCode: records[1]!.issuer.creditCode, serial: 99_001 }), data: { unexpected: true } };
    const notExpired = { ...records[2]!, identifier: makeLicenceIdentifier({ typeCode: records[2]!.typeCode, issuerCreditCode: records[2]!.issuer.creditCode, serial: 99_002 }), status: 'expired', validUntil: undefined };
    const body = [...good, good[3]!, JSON.stringify(badCheck), JSON.stringify(badData), JSON.stringify(notExpired), '{not json', ''].join('\n');

    const { status, body: report } = await importBody(adminToken, 'demo-2026-11', body);

    expect(status, JSON.stringify(report)).toBe(200);
    expect(report).toMatchObject({ status: 'completed', mode: 'copy', inserted: 40, duplicates: 1, rejected: 4, alreadyImported: false });
    const reasons = Object.fromEntries((report.firstRejects as Array<{ line: number; problems: Array<{ path: string }> }>).map((r) => [r.line, r.problems.map((p) => p.path)]));
    expect(reasons[42]).toContain('/identifier');
    expect(reasons[43]!.some((path) => path.startsWith('/data'))).toBe(true);
    expect(reasons[44]).toContain('/status');
    expect(reasons[45]).toEqual(['/']);
    // "Expired" is derived from the dates: an expired record is stored as the act it was (valid).
    const stored = await ctx.database.knex('licence').whereNot('status', 'valid').whereIn('identifier', records.filter((r) => r.status === 'expired').map((r) => r.identifier));
    expect(stored).toHaveLength(0);
  });

  it('answers an already imported batch without reading it again', async () => {
    const { status, body } = await importBody(adminToken, 'demo-2026-11', records.map(licenceToJson).join('\n'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ alreadyImported: true, inserted: 40 });
  });

  it('imports CSV, and refuses staff importing licences of another department', async () => {
    const extra = [...licenceRecords({ count: 60 })].slice(40);
    const csv = [LICENCE_CSV_HEADER, ...extra.map(licenceToCsv)].join('\n');
    const { body } = await importBody(adminToken, 'csv-batch', csv, 'text/csv');
    expect(body).toMatchObject({ inserted: 20, rejected: 0, duplicates: 0 });

    const clerk = await login(ctx.app, '449902.samr.clerk');
    const foreign = [...licenceRecords({ count: 62 })].slice(60).map(licenceToJson).join('\n');
    const refused = await importBody(clerk.token, 'clerk-batch', foreign);
    expect(refused.body.rejected).toBe(2);
    expect(refused.body.firstRejects[0].problems.map((p: { path: string }) => p.path)).toContain('/issuer/departmentCode');
    const applicant = await login(ctx.app, 'demo-wang');
    expect((await importBody(applicant.token, 'x', foreign)).status).toBe(403);
  });
});

describe('licence verification (核验)', () => {
  it('answers valid for an aggregated licence by identifier, unsigned until its QR code is made', async () => {
    const licence = find('demo-yunfan', BUSINESS);
    const before = await verify({ identifier: licence.identifier });
    expect(before.body).toMatchObject({ result: 'valid', signed: false });

    const owner = await login(ctx.app, 'demo-yunfan');
    const qr = await owner.request<{ payload: string }>('GET', `/api/v1/licences/${licence.identifier}/qr`);
    expect(qr.status).toBe(200);
    expect(qr.body.payload).toMatch(/^TBL1:1\.2\.156\.3005\.2\.[0-9A-Z.]+:[0-9A-Z-]+:[0-9A-F]{64}:[0-9A-F]{128}$/);
    const byPayload = await verify({ payload: qr.body.payload });
    expect(byPayload.body).toMatchObject({ result: 'valid', signed: true, reason: { zh: '证照真实有效' } });
    // A second QR request does not re-sign.
    expect((await owner.request<{ payload: string }>('GET', `/api/v1/licences/${licence.identifier}/qr`)).body.payload).toBe(qr.body.payload);
  });

  it('masks a person holder in the answer, and answers unknown for an identifier the library lacks', async () => {
    const wang = find('demo-wang', RESIDENT_ID);
    const answer = await verify({ identifier: wang.identifier });
    expect(answer.body.licence!.holderIdNumber).toBe('449902********4519');
    const unknown = await verify({ identifier: makeLicenceIdentifier({ typeCode: BUSINESS, issuerCreditCode: '11449900MB002001XL', serial: 123_456 }) });
    expect(unknown.body.result).toBe('unknown');
    expect((await verify({ payload: 'hello' })).status).toBe(400);
  });

  it('detects tampering with the library record and a forged QR payload', async () => {
    const licence = find('demo-zhizao', BUSINESS);
    const owner = await login(ctx.app, 'demo-zhizao');
    const { body } = await owner.request<{ payload: string }>('GET', `/api/v1/licences/${licence.identifier}/qr`);
    // Someone edits the record in the database behind the platform's back.
    await ctx.database.knex('licence').where({ identifier: licence.identifier }).update({ holder_name: '冒名公司' });
    const tampered = await verify({ identifier: licence.identifier });
    expect(tampered.body).toMatchObject({ result: 'tampered', reason: { en: expect.stringContaining('does not match its signature') } });
    await ctx.database.knex('licence').where({ identifier: licence.identifier }).update({ holder_name: licence.holder.name });
    expect((await verify({ payload: body.payload })).body.result).toBe('valid');
    // A payload whose digest was changed (its signature no longer covers it).
    const parts = body.payload.split(':');
    parts[3] = parts[3]!.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const forged = await verify({ payload: parts.join(':') });
    expect(forged.body).toMatchObject({ result: 'tampered', reason: { en: 'The QR code signature is invalid' } });
  });

  it('answers expired once the validity has ended, from the dates, not from a stored status', async () => {
    const expired = records.find((r) => r.status === 'expired' && r.holder.idNumber === holder('demo-wang').idNumber)!;
    const answer = await verify({ identifier: expired.identifier });
    expect(answer.body.result).toBe('expired');
    expect(answer.body.reason.zh).toContain(expired.validUntil!);
  });

  it('suspends, reinstates and revokes with a reason and an audit trail; revocation is final', async () => {
    const licence = find('demo-jianshe', BUSINESS);
    const admin = await login(ctx.app, 'admin');
    const applicant = await login(ctx.app, 'demo-jianshe');
    const forbidden = await applicant.request('POST', `/api/v1/licences/${licence.identifier}/revoke`, { reason: '自己撤销' });
    expect(forbidden.status).toBe(403);

    expect((await admin.request('POST', `/api/v1/licences/${licence.identifier}/suspend`, { reason: '涉嫌违法经营，暂扣' })).status).toBe(200);
    expect((await verify({ identifier: licence.identifier })).body.result).toBe('suspended');
    expect((await admin.request('POST', `/api/v1/licences/${licence.identifier}/reinstate`, { reason: '整改完毕' })).status).toBe(200);
    expect((await verify({ identifier: licence.identifier })).body.result).toBe('valid');
    const revoked = await admin.request<{ status: string }>('POST', `/api/v1/licences/${licence.identifier}/revoke`, { reason: '吊销营业执照' });
    expect(revoked.body.status).toBe('revoked');
    expect((await verify({ identifier: licence.identifier })).body).toMatchObject({ result: 'revoked', reason: { zh: '证照已被撤销' } });
    const again = await admin.request<{ code: string }>('POST', `/api/v1/licences/${licence.identifier}/reinstate`, { reason: '恢复' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TB_LICENCE_STATUS_CONFLICT');

    const events = await admin.request<{ events: Array<{ action: string; reason: string; actor: string }> }>('GET', `/api/v1/licences/${licence.identifier}/events`);
    expect(events.body.events.map((e) => [e.action, e.reason, e.actor])).toEqual([
      ['suspended', '涉嫌违法经营，暂扣', 'admin'], ['reinstated', '整改完毕', 'admin'], ['revoked', '吊销营业执照', 'admin'],
    ]);
  });

  it('keeps licences signed with a retired key verifiable after a rotation', async () => {
    const first = find('demo-li', RESIDENT_ID);
    const second = find('demo-zhang', RESIDENT_ID);
    const li = await login(ctx.app, 'demo-li');
    const zhang = await login(ctx.app, 'demo-zhang');
    const oldPayload = (await li.request<{ payload: string }>('GET', `/api/v1/licences/${first.identifier}/qr`)).body.payload;
    const admin = await login(ctx.app, 'admin');
    const rotated = await admin.request<{ keyId: string }>('POST', '/api/v1/licences/keys/rotate', { issuerCreditCode: first.issuer.creditCode });
    expect(rotated.status).toBe(200);
    const newPayload = (await zhang.request<{ payload: string }>('GET', `/api/v1/licences/${second.identifier}/qr`)).body.payload;
    expect(oldPayload.split(':')[2]).not.toBe(rotated.body.keyId);
    expect(newPayload.split(':')[2]).toBe(rotated.body.keyId);
    expect((await verify({ payload: oldPayload })).body).toMatchObject({ result: 'valid', keyId: oldPayload.split(':')[2] });
    expect((await verify({ payload: newPayload })).body.result).toBe('valid');
    const keys = await ctx.app.inject({ method: 'GET', url: `/api/v1/licences/keys?issuerCreditCode=${first.issuer.creditCode}` });
    expect(keys.json().keys.map((k: { status: string }) => k.status)).toEqual(['active', 'retired']);
  });
});

describe('licence lookups', () => {
  it("lists the caller's valid licences only (the portal's pre-fill)", async () => {
    const wang = await login(ctx.app, 'demo-wang');
    const mine = await wang.request<{ licences: Array<{ identifier: string; status: string; typeName: string }> }>('GET', '/api/v1/licences/mine');
    const expected = records.filter((r) => r.holder.idNumber === holder('demo-wang').idNumber && r.status === 'valid' && (!r.validUntil || r.validUntil >= '2026-11-24'));
    expect(mine.body.licences.map((l) => l.identifier).sort()).toEqual(expected.map((r) => r.identifier).sort());
    expect(mine.body.licences.every((l) => l.status === 'valid' && l.typeName.length > 0)).toBe(true);
    const ofType = await wang.request<{ licences: unknown[] }>('GET', `/api/v1/licences/mine?typeCode=${RESIDENT_ID}`);
    expect(ofType.body.licences).toHaveLength(1);
  });

  it("lets staff look a holder's licences up, and hides a licence from other applicants", async () => {
    const staff = await login(ctx.app, '449902.samr.accept');
    const all = await staff.request<{ licences: unknown[] }>('GET', `/api/v1/licences?holderIdNumber=${holder('demo-wang').idNumber}`);
    expect(all.body.licences.length).toBe(records.filter((r) => r.holder.idNumber === holder('demo-wang').idNumber).length);
    const other = await login(ctx.app, 'demo-li');
    const hidden = await other.request<{ code: string }>('GET', `/api/v1/licences/${find('demo-wang', RESIDENT_ID).identifier}`);
    expect(hidden.status).toBe(404);
    expect((await other.request('GET', `/api/v1/licences?holderIdNumber=${holder('demo-wang').idNumber}`)).status).toBe(403);
  });
});
