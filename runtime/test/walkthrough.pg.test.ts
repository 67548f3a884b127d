import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createClient } from '@tongban/client';
import { DEMO_PASSWORD } from '../src/seed/demo-users';
import { useTestApp } from './support/app';

const ctx = useTestApp();
let baseUrl = '';

beforeAll(async () => {
  await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await ctx.app.close();
});

/** A client logged in as a demo user, over real HTTP. */
async function as(username: string) {
  const { token } = await createClient({ baseUrl }).auth.login(username, DEMO_PASSWORD);
  return createClient({ baseUrl, token });
}

/**
 * The README's walkthrough, through `@tongban/client` over real HTTP: a citizen finds an item, applies, the
 * district's clerks accept and decide, the citizen follows progress and the public lookup shows it closed.
 */
describe('walkthrough: from login to a closed application with @tongban/client', () => {
  it('closes an application of a simple person item', async () => {
    // 1. The citizen finds a simple item handled by the district (the catalogue's own data picks it).
    const citizen = await as('demo-wang');
    const me = await citizen.auth.me();
    expect(me.roles).toEqual(['applicant']);
    // (an item handled in the district, by the simple procedure, whose licence materials are ones 王晓明 holds)
    const held = (await citizen.request<{ licences: Array<{ identifier: string; typeCode: string }> }>('GET', '/licences/mine')).licences;
    const heldTypes = new Set(held.map((licence) => licence.typeCode));
    const candidates = (await ctx.database.knex('item_version')
      .whereRaw(`document->'procedure'->>'processId' = 'template-simple'`)
      .whereRaw(`document->'serviceObjects' @> '["person"]'`)
      .whereRaw(`document->'levels' @> '["county"]'`)
      .select('item_code', 'document').orderBy('item_code'))
      .map((row) => ({ code: row.item_code as string, item: (typeof row.document === 'string' ? JSON.parse(row.document) : row.document) as {
        materials: Array<{ id: string; requirement: string; source: string; licenceTypeCode?: string }>;
      } }))
      .filter(({ item }) => item.materials.every((material) => material.requirement !== 'required' || material.source !== 'licence' || heldTypes.has(material.licenceTypeCode!)));
    expect(candidates.length).toBeGreaterThan(0);
    const { code, item } = candidates[0]!;
    const found = await citizen.catalogue.items({ code });
    expect(found.total).toBe(1);
    const detail = await citizen.catalogue.item(code, '449902');
    expect(detail.forms['person-application']).toBeDefined();

    // 2. The citizen uploads the required materials and reuses a licence for the licence-sourced one.
    const fileId = (await citizen.files.upload(new Blob(['%PDF-1.4\n% 申请书\n%%EOF\n'], { type: 'application/pdf' }), '申请书.pdf')).fileId;
    const materials = item.materials.filter((material) => material.requirement === 'required').map((material) => {
      if (material.source !== 'licence') return { materialId: material.id, files: [{ fileId, name: '申请书.pdf', mediaType: 'application/pdf' }] };
      const licence = held.find((candidate) => candidate.typeCode === material.licenceTypeCode);
      expect(licence, `demo-wang holds a licence of type ${material.licenceTypeCode}`).toBeDefined();
      return { materialId: material.id, licenceId: licence!.identifier, consent: true };
    });

    // 3. A mistake is refused with the field named; then the application goes in.
    const submission = {
      materials,
      itemCode: code,
      regionCode: '449902',
      channel: 'online' as const,
      applicant: { kind: 'person' as const, name: '王晓明', idNumber: '449902199003154519' },
      formData: {
        applicantName: '王晓明', applicantIdNumber: '449902199003154519', contactPhone: '13800138000', address: '江屿市滨江区望江路1号',
        applicationReason: '申请办理', deliveryMethod: 'electronic', declarationAccepted: true,
      },
    };
    const refused = await citizen.applications.submit({ ...submission, formData: { ...submission.formData, contactPhone: '123' } }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(400);
    expect((refused as ApiError).body.details?.[0]).toMatchObject({ path: '/formData/contactPhone', code: 'TB_FORM_FIELD_PATTERN' });
    const receipt = await citizen.applications.submit(submission, 'walkthrough-0001');
    expect(receipt.status).toBe('active');
    const replay = await citizen.applications.submit(submission, 'walkthrough-0001');
    expect(replay.id).toBe(receipt.id);

    // 4. The district's acceptance clerk and decider handle it from their worklists.
    const department = receipt.departmentCode.split('-')[1]!.toLowerCase();
    const clerk = await as(`449902.${department}.accept`);
    const acceptTask = (await clerk.tasks.list({ stage: 'accept', limit: 200 })).items.find((task) => task.applicationId === receipt.id)!;
    await clerk.tasks.claim(acceptTask.id);
    await clerk.tasks.complete(acceptTask.id, { outcome: 'accept', formData: { acceptanceOpinion: '材料齐全' } });
    await ctx.app.services.jobs.runDue();
    const decider = await as(`449902.${department}.decide`);
    const decideTask = (await decider.tasks.list({ stage: 'decide', limit: 200 })).items.find((task) => task.applicationId === receipt.id)!;
    const result = await decider.tasks.complete(decideTask.id, { outcome: 'approve', formData: { decisionOpinion: '符合条件，准予办理' } });
    expect(result.task.outcome).toBe('approve');
    await ctx.app.services.jobs.runDue();

    // 5. The citizen sees it closed, with its steps, and so does the public lookup.
    const mine = await citizen.applications.get(receipt.id);
    expect(mine).toMatchObject({ status: 'completed', result: 'approved' });
    const timeline = await citizen.applications.timeline(receipt.id);
    expect(timeline.chain.ok).toBe(true);
    expect(timeline.events.filter((event) => event.kind === 'taskDecided').map((event) => event.outcome)).toEqual(['accept', 'approve']);
    const progress = await createClient({ baseUrl }).applications.progress(receipt.number, '449902199003154519');
    expect(progress).toMatchObject({ status: 'completed', applicantName: '王**' });
  });

  it('opens the supervision stream with a one-time ticket, as EventSource would', async () => {
    const supervisor = await as('city.supervisor');
    const { ticket } = await supervisor.supervision.streamTicket();
    const controller = new AbortController();
    const response = await fetch(supervisor.streamUrl('/supervision/stream', { ticket }), { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    controller.abort();
    // The ticket is spent: a second connection with it is refused.
    const again = await fetch(supervisor.streamUrl('/supervision/stream', { ticket }));
    expect(again.status).toBe(401);
    await again.body?.cancel();
  });
});
