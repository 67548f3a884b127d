import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from './support/api';
import { useTestApp } from './support/app';
import { SIMPLE_BPMN, TEMPLATE_FORMS, managers, simpleBundle } from './items-fixtures';

/**
 * BPMN and form import through the item management API, fuzzed with malformed and hostile documents (issue #10
 * point 5): validation, item creation, draft saving and bundle import never answer a 5xx, a refused request writes
 * nothing, a version that does not validate is never published, and oversized bodies are refused by size limits
 * before they are parsed.
 */
const ctx = useTestApp();

let tables: string[] = [];
/** Row counts of every table of the database: "no partial write" means none of them moved. */
async function rowCounts(): Promise<Record<string, number>> {
  const result = await ctx.database.knex.raw(`SELECT ${tables.map((table) => `(SELECT count(*)::int FROM "${table}") AS "${table}"`).join(', ')}`);
  return result.rows[0] as Record<string, number>;
}

const HOSTILE_STRINGS = [
  "'; DROP TABLE item; --", '<script>alert(1)</script>', '${7*7}', '{{7*7}}', '../../etc/passwd', '\uD800', '𠜎𠜱𠝹',
  '=now()', '%00', '__proto__', ']]>', '<!--', '&amp;&lt;&#0;', '&#x110000;', '"', "'", '<', '>', '&',
  '=some x in [1,2] satisfies x > 1', '=string length("a" * 100)', '=for i in 1..1000000000 return i',
];
const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 12 }));
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'type', 'key', 'components', 'id')), tie('value'), { maxKeys: 5 }),
  ),
})).value;

const XXE = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${SIMPLE_BPMN.replace(/^<\?xml[^>]*>/, '').replace('name="受理"', 'name="&xxe;"')}`;
const LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]>`
  + SIMPLE_BPMN.replace(/^<\?xml[^>]*>/, '').replace('name="受理"', 'name="&lol9;"');
const DEEP = SIMPLE_BPMN.replace('</bpmn:process>', `${'<bpmn:extensionElements>'.repeat(20_000)}${'</bpmn:extensionElements>'.repeat(20_000)}</bpmn:process>`);

/** A BPMN document that is broken or hostile: cut, spliced, entity tricks, deep nesting, or not a string at all. */
const hostileBpmn: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ at: fc.nat(), insert: hostileString, cut: fc.boolean() }).map(({ at, insert, cut }) => {
    const index = at % SIMPLE_BPMN.length;
    return `${SIMPLE_BPMN.slice(0, index)}${insert}${cut ? '' : SIMPLE_BPMN.slice(index)}`;
  }),
  // Well-formed XML whose ids, references, groups or expressions carry hostile text.
  fc.record({ attribute: fc.constantFrom('id', 'sourceRef', 'targetRef', 'candidateGroups', 'name', 'value', 'type'), value: hostileString })
    .map(({ attribute, value }) => SIMPLE_BPMN.replaceAll(` ${attribute}="`, ` ${attribute}="${value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')}`)),
  fc.constantFrom(XXE, LAUGHS, DEEP, '', 'not xml at all', '<bpmn:definitions/>', '<?xml version="1.0"?><a><b></a>', SIMPLE_BPMN.replace(/<bpmn:process[^>]*>/, '<bpmn:process>')),
  hostileValue,
);

/** Forms that are broken or hostile: replaced wholesale, one form replaced, components or keys replaced. */
const hostileForms: fc.Arbitrary<unknown> = fc.oneof(
  hostileValue,
  fc.record({ id: fc.constantFrom(...Object.keys(TEMPLATE_FORMS)), value: hostileValue }).map(({ id, value }) => ({ ...structuredClone(TEMPLATE_FORMS), [id]: value })),
  fc.record({ field: fc.constantFrom('components', 'type', 'schemaVersion', 'id'), value: hostileValue }).map(({ field, value }) => {
    const forms = structuredClone(TEMPLATE_FORMS);
    forms['person-application'] = { ...forms['person-application'], [field]: value };
    return forms;
  }),
  fc.record({ field: fc.constantFrom('key', 'type', 'validate', 'label', 'values', 'conditional'), value: hostileValue }).map(({ field, value }) => {
    const forms = structuredClone(TEMPLATE_FORMS);
    const components = (forms['person-application'] as { components: Array<Record<string, unknown>> }).components;
    components[0] = { ...components[0], [field]: value };
    return forms;
  }),
);

let manager: Caller;
let approver: Caller;
let admin: Caller;
let next = 0;
const nextCode = () => `XK0981${String((next += 1)).padStart(4, '0')}`;

beforeAll(async () => {
  ({ manager, approver, admin } = await managers(ctx.app));
  tables = (await ctx.database.knex('information_schema.tables').where({ table_schema: 'public', table_type: 'BASE TABLE' }).pluck('table_name')) as string[];
});

/** The answer is below 500, a 4xx carries the common error body, and a 4xx changed no row. */
async function expectNoServerErrorNorPartialWrite(caller: Caller, method: 'POST' | 'PUT', url: string, payload: unknown) {
  const before = await rowCounts();
  const response = await caller.request<{ code?: string; message?: { zh: string; en: string }; validation?: { ok: boolean } }>(method, url, payload);
  expect(response.status, `${method} ${url} → ${JSON.stringify(response.body).slice(0, 300)}`).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.body.code).toMatch(/^TB_[A-Z_]+$/);
    expect(response.body.message?.zh).toBeTruthy();
    expect(await rowCounts()).toEqual(before);
  }
  return response;
}

describe('item management API under hostile BPMN and forms', () => {
  it('validates any BPMN and forms without a 5xx and without writing', async () => {
    await fc.assert(fc.asyncProperty(hostileBpmn, hostileForms, async (bpmn, forms) => {
      const before = await rowCounts();
      const content = simpleBundle('XK09810000');
      const response = await manager.request<{ ok?: boolean }>('POST', '/api/v1/manage/validate', { ...content, bpmn, forms });
      expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBeLessThan(500);
      expect(await rowCounts()).toEqual(before);
    }), { numRuns: 40, seed: 20261124 });
  }, 60_000);

  it('creates items from hostile BPMN or forms only as drafts that can never be published', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(
      hostileBpmn.map((bpmn) => ({ bpmn })),
      hostileForms.map((forms) => ({ forms })),
    ), async (replacement) => {
      const code = nextCode();
      const created = await expectNoServerErrorNorPartialWrite(manager, 'POST', '/api/v1/manage/items', { ...simpleBundle(code), ...replacement, reason: '模糊测试' });
      if (created.status !== 201 || created.body.validation?.ok) return;
      // A draft that does not validate: every step towards publication is refused and nothing gets published.
      for (const [caller, step] of [[manager, 'submit'], [approver, 'approve'], [approver, 'publish']] as const) {
        const answer = await caller.request('POST', `/api/v1/manage/items/${code}/draft/${step}`, { reason: '模糊测试' });
        expect(answer.status).toBeLessThan(500);
      }
      const published = await ctx.database.knex('item_version').where({ item_code: code, status: 'published' }).count({ n: '*' }).first();
      expect(Number(published!.n)).toBe(0);
    }), { numRuns: 25, seed: 11 });
  }, 60_000);

  it('saves hostile drafts of an existing item without a 5xx, refusing them whole', async () => {
    const code = nextCode();
    expect((await manager.request('POST', '/api/v1/manage/items', { ...simpleBundle(code), reason: '模糊测试' })).status).toBe(201);
    await fc.assert(fc.asyncProperty(hostileBpmn, hostileForms, fc.boolean(), async (bpmn, forms, both) => {
      await expectNoServerErrorNorPartialWrite(manager, 'PUT', `/api/v1/manage/items/${code}/draft`, { ...simpleBundle(code), bpmn, ...(both ? { forms } : {}) });
    }), { numRuns: 20, seed: 5 });
  }, 60_000);

  it('imports bundles with a hostile version, item or form all or nothing, never with a 5xx', async () => {
    const code = nextCode();
    expect((await manager.request('POST', '/api/v1/manage/items', { ...simpleBundle(code), reason: '模糊测试' })).status).toBe(201);
    const exported = await admin.request<Record<string, unknown>>('GET', `/api/v1/manage/export?codes=XK00001001`);
    expect(exported.status).toBe(200);
    const text = JSON.stringify(exported.body);
    await fc.assert(fc.asyncProperty(fc.oneof(
      // A value replaced somewhere in the bundle's JSON text (keys, BPMN, forms, hashes alike).
      fc.record({ at: fc.nat(), insert: hostileString }).map(({ at, insert }) => {
        const index = at % text.length;
        try {
          return JSON.parse(`${text.slice(0, index)}${JSON.stringify(insert).slice(1, -1)}${text.slice(index)}`) as unknown;
        } catch {
          return insert;
        }
      }),
      hostileValue,
    ), async (bundle) => {
      await expectNoServerErrorNorPartialWrite(admin, 'POST', '/api/v1/manage/import', { bundle, reason: '模糊测试' });
    }), { numRuns: 25, seed: 3 });
  }, 60_000);

  it('refuses bodies over the size limits with 413 before parsing them', async () => {
    const before = await rowCounts();
    const huge = (bytes: number) => `<bpmn:definitions>${'a'.repeat(bytes)}</bpmn:definitions>`;
    const validate = await manager.request<{ code: string }>('POST', '/api/v1/manage/validate', { ...simpleBundle('XK09810000'), bpmn: huge(3 * 1024 * 1024) });
    expect([validate.status, validate.body.code]).toEqual([413, 'TB_REQUEST_BODY_TOO_LARGE']);
    const create = await manager.request<{ code: string }>('POST', '/api/v1/manage/items', { ...simpleBundle(nextCode()), bpmn: huge(17 * 1024 * 1024), reason: '过大' });
    expect([create.status, create.body.code]).toEqual([413, 'TB_REQUEST_BODY_TOO_LARGE']);
    expect(await rowCounts()).toEqual(before);
  }, 60_000);
});
