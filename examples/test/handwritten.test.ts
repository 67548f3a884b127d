import { describe, expect, it } from 'vitest';
import { validate } from '@tongban/schemas';
import { loadHandwrittenItems } from '../src/index';
import { formKeys, parseFeel, procedureProblems, unknownVariables } from './procedure-checks';

// Issue #2 point 5(a): hand-written real items with checklists, forms and BPMN that the runtime can run.
const items = loadHandwrittenItems();
const codes = items.map((entry) => entry.item.code);

describe('hand-written items', () => {
  it('has at least ten items, among them the eight named in the requirement', () => {
    expect(items.length).toBeGreaterThanOrEqual(10);
    const names = items.map((entry) => entry.item.name).join('|');
    for (const name of ['食品经营许可', '企业开办', '城乡居民基本养老保险参保登记', '残疾人证', '建设工程规划许可证', '企业投资项目', '出生医学证明', '公共场所卫生许可']) {
      expect(names).toContain(name);
    }
  });

  it('gives each item a unique code and process id', () => {
    expect(new Set(codes).size).toBe(items.length);
    expect(new Set(items.map((entry) => entry.item.procedure.processId)).size).toBe(items.length);
  });

  describe.each(items.map((entry) => [entry.slug, entry] as const))('%s', (_slug, entry) => {
    const { item } = entry;

    it('validates against the item contract', () => {
      expect(validate('item', item).issues).toEqual([]);
    });

    it('has a README paragraph and a legal basis with an article number', () => {
      expect(entry.readme.length).toBeGreaterThan(100);
      expect(item.legalBasis.some((basis) => basis.article)).toBe(true);
    });

    it('uses form-js schemas of version 16 or 17 whose ids match the declared form ids', () => {
      for (const [id, form] of Object.entries(entry.forms)) {
        expect([16, 17]).toContain(form.schemaVersion);
        expect(form.type).toBe('default');
        expect(form.id).toBe(id);
      }
    });

    it('writes every checklist condition in FEEL over application form fields', () => {
      const application = item.forms.find((form) => form.purpose === 'application')!;
      const keys = formKeys(entry.forms[application.id]!.components as unknown[]);
      for (const material of item.materials.filter((m) => m.condition)) {
        expect(() => parseFeel(material.condition!), material.id).not.toThrow();
        expect(unknownVariables(material.condition!, keys), material.id).toEqual([]);
      }
    });

    it('hides form fields with FEEL that parses', () => {
      const walk = (components: unknown[]) => {
        for (const component of components as { conditional?: { hide?: string }; components?: unknown[] }[]) {
          if (component.conditional?.hide) expect(() => parseFeel(component.conditional!.hide!)).not.toThrow();
          if (component.components) walk(component.components);
        }
      };
      for (const form of Object.values(entry.forms)) walk(form.components as unknown[]);
    });

    it('has a procedure that follows the runtime conventions and renders (BPMNDI)', async () => {
      expect(await procedureProblems(item, entry.bpmn, codes)).toEqual([]);
    });
  });
});
