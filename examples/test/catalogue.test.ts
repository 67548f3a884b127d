import { describe, expect, it } from 'vitest';
import { isCreditCode, parseItemCode, parseRegionCode } from '@tongban/gov-codes';
import { validate, type ContractName } from '@tongban/schemas';
import { CATALOGUE_DEFAULTS, ITEM_TYPE_CODES, PROCEDURE_TEMPLATES, generateCatalogue, loadHandwrittenItems, loadTemplates } from '../src/index';
import { formKeys, parseFeel, procedureProblems, unknownVariables } from './procedure-checks';

// Issue #2 point 5(b): the reference-scale catalogue, deterministic and valid document by document.
const catalogue = generateCatalogue();

describe('generateCatalogue', () => {
  describe('with the defaults', () => {
    it('has the reference counts as defaults', () => {
      const { options } = catalogue;
      expect(catalogue.items).toHaveLength(options.items);
      expect(catalogue.categories.filter((c) => c.parentCode)).toHaveLength(options.subCategories);
      expect(catalogue.departments.filter((d) => d.level === 'city')).toHaveLength(options.cityDepartments);
      expect(catalogue.regions.filter((r) => r.level === 'county')).toHaveLength(options.districts);
      expect(catalogue.licenceTypes).toHaveLength(options.licenceTypes);
      expect(options).toEqual(CATALOGUE_DEFAULTS);
    });

    it('produces only documents valid against their contracts', () => {
      const documents: [ContractName, unknown[]][] = [
        ['region', catalogue.regions], ['department', catalogue.departments], ['category', catalogue.categories],
        ['licenceType', catalogue.licenceTypes], ['item', catalogue.items],
      ];
      for (const [contract, docs] of documents) {
        const invalid = docs.map((doc) => [doc, validate(contract, doc).issues] as const).filter(([, issues]) => issues.length > 0);
        expect(invalid.slice(0, 3), contract).toEqual([]);
      }
    });

    it('includes every hand-written item', () => {
      const codes = new Set(catalogue.items.map((item) => item.code));
      for (const { item } of loadHandwrittenItems()) expect(codes.has(item.code)).toBe(true);
    });

    it('gives items unique codes of the gov-codes structure whose type matches the item type', () => {
      expect(new Set(catalogue.items.map((item) => item.code)).size).toBe(catalogue.items.length);
      for (const item of catalogue.items) {
        const parsed = parseItemCode(item.code);
        expect(parsed.ok, item.code).toBe(true);
        expect(item.code.slice(0, 2)).toBe(ITEM_TYPE_CODES[item.type]);
      }
    });

    it('references only departments, sub-categories and licence types of the catalogue', () => {
      const departments = new Set(catalogue.departments.map((d) => d.code));
      const subs = new Set(catalogue.categories.filter((c) => c.parentCode).map((c) => c.code));
      const types = new Set(catalogue.licenceTypes.map((t) => t.code));
      for (const item of catalogue.items) {
        expect(departments.has(item.implementingDepartment), item.code).toBe(true);
        for (const joint of item.jointDepartments ?? []) expect(departments.has(joint), item.code).toBe(true);
        expect(subs.has(item.subCategoryCode), item.code).toBe(true);
        for (const m of item.materials) if (m.licenceTypeCode) expect(types.has(m.licenceTypeCode), `${item.code} ${m.id}`).toBe(true);
        if (item.licenceIssued) expect(types.has(item.licenceIssued.licenceTypeCode), item.code).toBe(true);
      }
      for (const type of catalogue.licenceTypes) expect(departments.has(type.issuingDepartment)).toBe(true);
    });

    it('gives departments valid credit codes and licence types the code authority + 3 digits', () => {
      for (const department of catalogue.departments) expect(isCreditCode(department.creditCode!), department.code).toBe(true);
      for (const type of catalogue.licenceTypes) {
        expect(isCreditCode(type.definingAuthorityCreditCode!)).toBe(true);
        expect(type.code).toMatch(new RegExp(`^${type.definingAuthorityCreditCode}[0-9]{3}$`));
      }
      expect(new Set(catalogue.licenceTypes.map((t) => t.code)).size).toBe(catalogue.licenceTypes.length);
    });

    it('nests region codes: each code extends its parent code, at the length of its level', () => {
      const byCode = new Map(catalogue.regions.map((r) => [r.code, r]));
      const lengths = { province: 2, city: 4, county: 6, township: 9, village: 12 } as const;
      expect(byCode.size).toBe(catalogue.regions.length);
      for (const region of catalogue.regions) {
        expect(region.code).toHaveLength(lengths[region.level]);
        const parsed = parseRegionCode(region.code);
        expect(parsed.ok && parsed.value.level, region.code).toBe(region.level);
        if (region.level === 'province') continue;
        const parent = byCode.get(region.parentCode!);
        expect(parent, region.code).toBeDefined();
        expect(region.code.startsWith(parent!.code)).toBe(true);
      }
    });

    it('resolves every item resource and writes checklist conditions over the application form', () => {
      for (const item of catalogue.items) {
        const resources = catalogue.resources[item.code]!;
        expect(resources.bpmn).toContain(`id="${item.procedure.processId}"`);
        for (const form of item.forms) expect(resources.forms[form.id]?.id, `${item.code} ${form.id}`).toBe(form.id);
        const application = item.forms.find((form) => form.purpose === 'application')!;
        const keys = formKeys(resources.forms[application.id]!.components as unknown[]);
        for (const material of item.materials.filter((m) => m.condition)) {
          expect(() => parseFeel(material.condition!)).not.toThrow();
          expect(unknownVariables(material.condition!, keys)).toEqual([]);
        }
      }
    });

    it('runs every procedure template by the same conventions as the hand-written items', async () => {
      const templates = loadTemplates();
      for (const template of PROCEDURE_TEMPLATES) {
        const item = catalogue.items.find((i) => i.procedure.processId === template.processId);
        expect(item, template.name).toBeDefined();
        expect(await procedureProblems(item!, templates.procedures[template.resource]!)).toEqual([]);
      }
    });

    it('gives every district a branch of each city department with county-level items, under its parent', () => {
      const city = new Map(catalogue.departments.filter((d) => d.level === 'city').map((d) => [d.code, d]));
      const branches = catalogue.departments.filter((d) => d.level === 'county');
      const countyDepartments = new Set(catalogue.items.filter((i) => i.levels.includes('county')).map((i) => i.implementingDepartment));
      expect(branches).toHaveLength(countyDepartments.size * catalogue.options.districts);
      for (const branch of branches) {
        expect(city.has(branch.parentCode!)).toBe(true);
        expect(branch.code.startsWith(`${branch.regionCode}-`)).toBe(true);
        expect(branch.name.startsWith(catalogue.regions.find((r) => r.code === branch.regionCode)!.name)).toBe(true);
      }
    });

    it('seeds demo applicants and four staff roles per city department and per staffed district branch', () => {
      expect(catalogue.users.filter((u) => u.kind === 'applicant').length).toBeGreaterThan(0);
      const staffedDistricts = catalogue.regions.filter((r) => r.level === 'county').slice(0, catalogue.options.staffedDistricts).map((r) => r.code);
      const staffed = catalogue.departments.filter((d) => d.level === 'city' || staffedDistricts.includes(d.regionCode));
      expect(catalogue.users.filter((u) => u.kind === 'staff')).toHaveLength(4 * staffed.length);
      expect(new Set(catalogue.users.map((u) => u.username)).size).toBe(catalogue.users.length);
    });
  });

  it('is deterministic: the same seed gives equal output, another seed another catalogue', () => {
    const options = { seed: 7, items: 120, subCategories: 30, districts: 3 };
    const first = generateCatalogue(options);
    expect(generateCatalogue(options)).toEqual(first);
    const other = generateCatalogue({ ...options, seed: 8 });
    expect(other.regions).not.toEqual(first.regions);
    expect(other.items).not.toEqual(first.items);
    expect(other.departments.filter((d) => d.level === 'city')).toEqual(first.departments.filter((d) => d.level === 'city'));
  });

  it('follows the counts it is given', () => {
    const small = generateCatalogue({
      items: 60, subCategories: 20, cityDepartments: 28, districts: 2, townshipsPerDistrict: [3, 3], villagesPerTownship: [4, 4], licenceTypes: 12,
    });
    expect(small.items).toHaveLength(60);
    expect(small.categories.filter((c) => c.parentCode)).toHaveLength(20);
    expect(small.regions.filter((r) => r.level === 'county')).toHaveLength(2);
    expect(small.regions.filter((r) => r.level === 'township')).toHaveLength(6);
    expect(small.regions.filter((r) => r.level === 'village')).toHaveLength(24);
    expect(small.licenceTypes).toHaveLength(12);
    for (const item of small.items) expect(validate('item', item).issues).toEqual([]);
  });

  it('scales beyond the defaults', () => {
    const large = generateCatalogue({ items: 3000, subCategories: 144, districts: 20 });
    expect(large.items).toHaveLength(3000);
    expect(new Set(large.items.map((item) => item.code)).size).toBe(3000);
  });
});
