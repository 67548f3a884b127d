import { formatItemCode, makeCreditCode, type ItemTypeCode } from '@tongban/gov-codes';
import type { Category, Department, Item, LicenceType, Material, Region } from '@tongban/schemas';
import { authorityOf } from './data/authorities';
import { CATEGORY_ROWS, SUB_CATEGORY_ROWS, type ItemTypeName, type SubCategoryRow } from './data/categories';
import { CITY, TOWNSHIP_NAME_ROOTS, VILLAGE_NAME_ROOTS } from './data/city';
import { CITY_DEPARTMENTS } from './data/departments';
import { DEPARTMENT_LAWS } from './data/laws';
import { LICENCE_TYPE_ROWS, type FieldKind, type LicenceTypeRow } from './data/licence-types';
import { DEMO_HOLDERS, districtCodes, districtName } from './holders';
import { loadHandwrittenItems, type HandwrittenItem } from './handwritten';
import { Random } from './prng';
import {
  APPLICATION_FORM_TEMPLATES, PROCEDURE_TEMPLATES, loadTemplates, taskFormResource, type ProcedureTemplate,
} from './templates';

/**
 * Options of {@link generateCatalogue}. Every count is a default of {@link CATALOGUE_DEFAULTS}, the only place
 * the reference figures appear; ranges are `[min, max]`, both included.
 */
export interface CatalogueOptions {
  seed?: number;
  /** Items in all, hand-written ones included. */
  items?: number;
  subCategories?: number;
  cityDepartments?: number;
  districts?: number;
  townshipsPerDistrict?: readonly [number, number];
  villagesPerTownship?: readonly [number, number];
  licenceTypes?: number;
  /** Include the hand-written items of examples/items (they count toward `items`). */
  includeHandwritten?: boolean;
  /** Districts (the first N) whose department branches get demo staff. */
  staffedDistricts?: number;
}

/** The reference-scale defaults (issue #2): 896 items, 128 sub-categories, 28 departments, 15 districts, 36 types. */
export const CATALOGUE_DEFAULTS = {
  seed: 20261124,
  items: 896,
  subCategories: 128,
  cityDepartments: 28,
  districts: 15,
  townshipsPerDistrict: [6, 10],
  villagesPerTownship: [5, 12],
  licenceTypes: 36,
  includeHandwritten: true,
  staffedDistricts: 2,
} as const satisfies Required<CatalogueOptions>;

/** Resolved options: every field set. */
export type ResolvedCatalogueOptions = { -readonly [K in keyof typeof CATALOGUE_DEFAULTS]: K extends 'townshipsPerDistrict' | 'villagesPerTownship' ? readonly [number, number] : (typeof CATALOGUE_DEFAULTS)[K] extends boolean ? boolean : number };

/** A user to seed: a demo applicant (one of the demo holders) or a member of staff of a department. */
export interface CatalogueUser {
  username: string;
  name: string;
  kind: 'applicant' | 'staff';
  /** Staff roles: the candidate groups of the procedures. */
  roles: string[];
  departmentCode?: string;
  regionCode?: string;
  holderKind?: 'person' | 'organisation';
  /** Resident ID number or credit code of an applicant. */
  idNumber?: string;
}

/** The BPMN and forms an item's `procedure` and `forms` resources name. */
export interface ItemResources {
  bpmn: string;
  forms: Record<string, Record<string, unknown>>;
  /** The hand-written item's folder name, for hand-written items. */
  handwritten?: string;
}

/** A generated catalogue: every document valid against its contract. */
export interface Catalogue {
  options: ResolvedCatalogueOptions;
  regions: Region[];
  departments: Department[];
  /** Categories (no parent) and sub-categories (parentCode = category). */
  categories: Category[];
  items: Item[];
  licenceTypes: LicenceType[];
  users: CatalogueUser[];
  /** By item code: the BPMN and form JSON the item references (templates for generated items). */
  resources: Record<string, ItemResources>;
}

/** The item type code (first two letters of the item code) of each item type. */
export const ITEM_TYPE_CODES: Record<ItemTypeName, ItemTypeCode> = {
  licensing: 'XK', penalty: 'CF', enforcement: 'QZ', levy: 'ZS', benefit: 'JF', inspection: 'JC',
  confirmation: 'QR', reward: 'JL', adjudication: 'CJ', 'other-power': 'QT', 'public-service': 'GG',
};

/** Generated items take main item numbers from here on; hand-written items use the numbers below it. */
export const GENERATED_MAIN_NUMBER_FROM = 101;

const VARIANTS: Record<ItemTypeName, readonly string[]> = {
  licensing: ['（新办）', '（变更）', '（延续）', '（注销）', '（补证）', '（换证）', '（迁址）', '（增项）'],
  confirmation: ['（首次办理）', '（变更）', '（补领）', '（换领）', '（注销）', '（信息更正）', '（证明开具）'],
  benefit: ['申领', '资格认定', '待遇变更', '暂停发放', '恢复发放', '资格复核', '跨区转移'],
  'public-service': ['办理', '信息变更', '证明开具', '查询', '转移接续', '暂停', '恢复'],
  'other-power': ['备案', '备案变更', '备案注销', '核定', '年度报告', '信息确认', '证明开具'],
  adjudication: ['申请', '调解', '裁决', '裁决书补正', '执行申请'],
  reward: ['申报', '评定', '奖励发放', '复核'],
  levy: ['征收', '减免', '缓缴', '退还'],
  penalty: ['处罚'], enforcement: ['强制'], inspection: ['检查'],
};
/** Variants that lead to a licence being issued (when the sub-category has a licence type). */
const ISSUING_VARIANTS = new Set(['（新办）', '（变更）', '（延续）', '（补证）', '（换证）', '（迁址）', '（增项）', '（首次办理）', '（补领）', '（换领）', '申领', '办理']);
/** Variants whose applicant presents the licence they already hold. */
const HOLDING_VARIANTS = new Set(['（变更）', '（延续）', '（注销）', '（换证）', '（迁址）', '（增项）', '（换领）', '（信息更正）', '信息变更', '待遇变更', '暂停发放', '恢复发放', '资格复核', '跨区转移', '暂停', '恢复', '转移接续']);
const LEGAL_DAYS: Record<ItemTypeName, readonly number[]> = {
  licensing: [20, 20, 20, 15, 10, 30], confirmation: [20, 15, 10, 30, 5], benefit: [20, 30, 15, 10],
  'public-service': [1, 5, 10, 15, 20], 'other-power': [5, 10, 15, 20], adjudication: [45, 60], reward: [30, 60],
  levy: [10, 15], penalty: [90], enforcement: [30], inspection: [30],
};

function nthName(roots: readonly string[], i: number): string {
  return `${roots[i % roots.length]}${i >= roots.length ? String(Math.floor(i / roots.length) + 1) : ''}`;
}

function range(random: Random, [min, max]: readonly [number, number]): number {
  return random.between(Math.min(min, max), Math.max(min, max));
}

/** Regions of the fictional city: province, city, districts, townships, villages (codes nest by prefix). */
function generateRegions(options: ResolvedCatalogueOptions, random: Random): Region[] {
  if (options.districts > 97) throw new RangeError('districts: at most 97 (county codes 02–98)');
  const regions: Region[] = [
    { schemaVersion: 1, code: CITY.provinceCode, name: CITY.provinceName, level: 'province' },
    { schemaVersion: 1, code: CITY.code, name: CITY.name, level: 'city', parentCode: CITY.provinceCode },
  ];
  districtCodes(options.districts).forEach((districtCode, d) => {
    regions.push({ schemaVersion: 1, code: districtCode, name: districtName(d), level: 'county', parentCode: CITY.code });
    const local = random.fork(`district:${districtCode}`);
    const townships = Math.min(198, range(local, options.townshipsPerDistrict));
    const streets = Math.ceil(townships / 2);
    const offset = local.int(TOWNSHIP_NAME_ROOTS.length);
    for (let t = 0; t < townships; t += 1) {
      const isStreet = t < streets;
      const townshipCode = `${districtCode}${String(isStreet ? t + 1 : 100 + t - streets + 1).padStart(3, '0')}`;
      const root = nthName(TOWNSHIP_NAME_ROOTS, offset + t);
      regions.push({ schemaVersion: 1, code: townshipCode, name: `${root}${isStreet ? '街道' : '镇'}`, level: 'township', parentCode: districtCode });
      const villages = Math.min(199, range(local, options.villagesPerTownship));
      const communities = isStreet ? villages : Math.min(villages, 1 + local.int(2));
      const villageOffset = local.int(VILLAGE_NAME_ROOTS.length);
      for (let v = 0; v < villages; v += 1) {
        const isCommunity = v < communities;
        const code = `${townshipCode}${String(isCommunity ? v + 1 : 200 + v - communities + 1).padStart(3, '0')}`;
        const name = `${nthName(VILLAGE_NAME_ROOTS, villageOffset + v)}${isCommunity ? '社区居民委员会' : '村民委员会'}`;
        regions.push({ schemaVersion: 1, code, name, level: 'village', parentCode: townshipCode });
      }
    }
  });
  return regions;
}

/** The credit code of the i-th city department (stable: it depends on the position only). */
export function departmentCreditCode(index: number): string {
  return makeCreditCode({ authority: '1', entityType: '1', region: `${CITY.code}00`, organisationBody: `MB${String(2001 + index * 173).padStart(6, '0')}` });
}

/** The catalogue code of a city department by its key (e.g. `SAMR` → `449900-SAMR`). */
export const departmentCode = (key: string) => `${CITY.code}00-${key}`;

function generateDepartments(count: number): Department[] {
  if (count > CITY_DEPARTMENTS.length) throw new RangeError(`cityDepartments: at most ${CITY_DEPARTMENTS.length}`);
  return CITY_DEPARTMENTS.slice(0, count).map(([key, name, shortName], index) => ({
    schemaVersion: 1,
    code: departmentCode(key),
    name: name.startsWith('市') ? `${CITY.name}${name.slice(1)}` : name,
    shortName,
    creditCode: departmentCreditCode(index),
    regionCode: CITY.code,
    level: 'city',
    address: `${CITY.name}滨江区政务路${10 + index * 2}号`,
    phone: `${CITY.areaCode}-88${String(120000 + index * 100 + 1).padStart(6, '0')}`,
  }));
}

const fieldSchema = (title: string, kind: FieldKind): Record<string, unknown> => {
  switch (kind.kind) {
    case 'number': return { type: 'integer', title, minimum: kind.min, maximum: kind.max };
    case 'date': return { type: 'string', title, format: 'date' };
    case 'enum': return { type: 'string', title, enum: [...kind.values] };
    default: return { type: 'string', title, minLength: 1 };
  }
};

/** The code of every licence type row: defining authority credit code + serial among that authority's rows. */
export const LICENCE_TYPE_CODES: ReadonlyMap<string, string> = (() => {
  const serial = new Map<string, number>();
  const codes = new Map<string, string>();
  for (const row of LICENCE_TYPE_ROWS) {
    const n = (serial.get(row.authority) ?? 0) + 1;
    serial.set(row.authority, n);
    codes.set(row.key, `${authorityOf(row.authority).creditCode}${String(n).padStart(3, '0')}`);
  }
  return codes;
})();

/** The licence type document of a row. */
export function licenceTypeOf(row: LicenceTypeRow): LicenceType {
  const authority = authorityOf(row.authority);
  return {
    schemaVersion: 1,
    code: LICENCE_TYPE_CODES.get(row.key)!,
    name: row.name,
    issuingDepartment: departmentCode(row.issuer),
    definingAuthorityCreditCode: authority.creditCode,
    holderKind: row.holderKind,
    dataSchema: {
      type: 'object',
      required: row.fields.map(([key]) => key),
      properties: Object.fromEntries(row.fields.map(([key, title, kind]) => [key, fieldSchema(title, kind)])),
      additionalProperties: false,
    },
    validity: row.years
      ? { kind: 'fixed-term', years: row.years, renewableBeforeDays: row.years >= 3 ? 90 : 30 }
      : { kind: 'permanent' },
    description: `${authority.name}制定的证照类型，由${CITY.name}${CITY_DEPARTMENTS.find(([k]) => k === row.issuer)![1].slice(1)}签发。`,
  };
}

/** Sub-categories round-robin across categories (keeping every theme represented), limited to present departments. */
function selectSubCategories(count: number, departmentKeys: Set<string>): SubCategoryRow[] {
  const byCategory = CATEGORY_ROWS.map(([code]) => SUB_CATEGORY_ROWS.filter((row) => row.category === code && departmentKeys.has(row.department)));
  const available = byCategory.reduce((sum, rows) => sum + rows.length, 0);
  if (count > available) throw new RangeError(`subCategories: at most ${available} with these departments`);
  const chosen: SubCategoryRow[] = [];
  for (let round = 0; chosen.length < count; round += 1) {
    for (const rows of byCategory) if (round < rows.length && chosen.length < count) chosen.push(rows[round]!);
  }
  const order = new Map(SUB_CATEGORY_ROWS.map((row, i) => [row, i]));
  return chosen.sort((a, b) => order.get(a)! - order.get(b)!);
}

interface Context {
  random: Random;
  departments: Map<string, Department>;
  licenceTypes: Map<string, LicenceType>;
  templates: ReturnType<typeof loadTemplates>;
}

function pickTemplate(type: ItemTypeName, issuesLicence: boolean): ProcedureTemplate {
  const name = issuesLicence ? 'licence-issuance'
    : type === 'licensing' || type === 'benefit' || type === 'adjudication' ? 'review-decision'
      : type === 'public-service' || type === 'levy' ? 'simple' : 'supplementation';
  return PROCEDURE_TEMPLATES.find((template) => template.name === name)!;
}

function generateItem(sub: SubCategoryRow, variant: string, code: string, ctx: Context): Item {
  const random = ctx.random.fork(`item:${code}`);
  const department = ctx.departments.get(departmentCode(sub.department))!;
  const licence = sub.licence ? ctx.licenceTypes.get(sub.licence) : undefined;
  const issuesLicence = Boolean(licence && ISSUING_VARIANTS.has(variant));
  const template = pickTemplate(sub.type, issuesLicence);
  const audience = CATEGORY_ROWS.find(([category]) => category === sub.category)![2];
  const mainObject = licence ? licence.holderKind : audience;
  const serviceObjects: ('person' | 'organisation')[] = !licence && random.chance(0.15) ? ['person', 'organisation'] : [mainObject];
  const stageDays = template.stageDays;
  const minCommitted = Math.max(...Object.values(stageDays));
  const legal = Math.max(minCommitted, random.pick(LEGAL_DAYS[sub.type]));
  const committed = Math.min(legal, Math.max(minCommitted, Math.round(legal * (0.2 + random.next() * 0.5))));
  const onlineDepth = random.pick([2, 3, 3, 4, 4, 4]);
  const name = `${sub.subject}${variant}`;
  const levels: Item['levels'] = sub.type === 'public-service' || sub.type === 'benefit'
    ? random.pick([['county', 'township'], ['city', 'county'], ['county', 'township', 'village']] as const).slice()
    : random.pick([['city'], ['city', 'county'], ['county']] as const).slice();

  const materials: Material[] = [];
  const id = () => `M${String(materials.length + 1).padStart(3, '0')}`;
  const idType = mainObject === 'person' ? ctx.licenceTypes.get('resident-id-card') : ctx.licenceTypes.get('business-licence');
  if (idType) materials.push({ id: id(), name: idType.name, requirement: 'required', source: 'licence', licenceTypeCode: idType.code, notes: '已有电子证照的免于提交' });
  else materials.push({ id: id(), name: mainObject === 'person' ? '申请人身份证件' : '主体资格证明', requirement: 'required', source: 'applicant', formats: ['pdf', 'jpg', 'png'] });
  materials.push({ id: id(), name: `${sub.subject}申请表`, requirement: 'required', source: 'applicant', formats: ['pdf', 'ofd'], copies: { original: 1 }, notes: '在线填报后自动生成' });
  if (licence && HOLDING_VARIANTS.has(variant)) {
    materials.push({ id: id(), name: `原${licence.name}`, requirement: 'required', source: 'licence', licenceTypeCode: licence.code, notes: '由系统从电子证照库调用' });
  }
  if (variant.includes('补')) materials.push({ id: id(), name: '遗失或损毁情况说明', requirement: 'required', source: 'applicant', formats: ['pdf', 'jpg'] });
  if (sub.type === 'licensing' && (variant === '（新办）' || variant === '（增项）')) {
    materials.push({ id: id(), name: `符合${sub.subject}条件的证明材料`, requirement: 'required', source: 'applicant', formats: ['pdf', 'ofd', 'jpg'], maxSizeMb: 50 });
    if (mainObject === 'organisation') materials.push({ id: id(), name: '经营（办公）场所使用证明', requirement: 'required', source: 'applicant', formats: ['pdf', 'jpg'] });
  }
  if (sub.type === 'benefit') materials.push({ id: id(), name: '本人社会保障卡金融账户信息', requirement: 'optional', source: 'applicant' });
  materials.push({ id: id(), name: '授权委托书及受托人身份证件', requirement: 'conditional', condition: '=isAgent = true', source: 'applicant', formats: ['pdf', 'jpg', 'png'] });

  const applicationForm = APPLICATION_FORM_TEMPLATES[serviceObjects[0]!];
  const channels: Item['channels'] = ['online', 'window'];
  if (random.chance(0.7)) channels.push('mobile');
  if (random.chance(0.2)) channels.push('self-service');
  if (random.chance(0.3)) channels.push('mail');
  if (levels.includes('township')) channels.push('assisted');
  const charged = licence !== undefined && issuesLicence && random.chance(0.08);
  const tags: string[] = [];
  if (onlineDepth === 4) tags.push('全程网办');
  if (committed <= 1) tags.push('即办件');
  if (levels.includes('township')) tags.push('就近办');
  if (random.chance(0.1)) tags.push('高频事项');

  const law = DEPARTMENT_LAWS[sub.department] ?? '《优化营商环境条例》';
  const item: Item = {
    schemaVersion: 1,
    code,
    name,
    shortName: sub.subject.slice(0, 60),
    type: sub.type,
    subCategoryCode: `${sub.category}.${sub.code}`,
    implementingDepartment: department.code,
    ...(department.creditCode ? { implementingDepartmentCreditCode: department.creditCode } : {}),
    levels,
    serviceObjects,
    description: `${department.name}依申请办理的${name}。`,
    legalBasis: sub.type === 'licensing'
      ? [{ title: law }, { title: '《中华人民共和国行政许可法》', article: '第四十二条', text: '除可以当场作出行政许可决定的外，行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定。' }]
      : [{ title: law }],
    legalTimeLimitDays: legal,
    committedTimeLimitDays: committed,
    acceptanceTimeLimitDays: Math.min(legal, sub.type === 'licensing' ? 5 : 1),
    stageTimeLimitsDays: { ...stageDays },
    fees: charged ? { charged: true, items: [{ name: '证照工本费', amountYuan: random.pick([5, 10, 15, 20]) }] } : { charged: false },
    channels,
    visitsRequired: onlineDepth === 4 ? 0 : onlineDepth === 3 ? random.pick([0, 1]) : 1,
    onlineDepth,
    windows: [{
      name: `${CITY.serviceCentre}${department.shortName ?? department.name}窗口`,
      address: CITY.serviceCentreAddress,
      regionCode: CITY.code,
      ...(department.phone ? { phone: department.phone } : {}),
      hours: '工作日上午 9:00—12:00，下午 14:00—17:30',
    }],
    contact: { phone: department.phone ?? CITY.hotline, complaintPhone: CITY.hotline },
    materials,
    procedure: { processId: template.processId, resource: template.resource },
    forms: [
      { id: applicationForm.id, purpose: 'application', resource: applicationForm.resource },
      ...template.taskForms.map((formId) => ({ id: formId, purpose: 'task' as const, resource: taskFormResource(formId) })),
    ],
    ...(issuesLicence && licence ? {
      licenceIssued: {
        licenceTypeCode: licence.code,
        ...(licence.validity.kind === 'fixed-term' ? { validityYears: licence.validity.years! } : {}),
      },
    } : {}),
    effectiveFrom: `${random.between(2021, 2025)}-${String(random.between(1, 12)).padStart(2, '0')}-01`,
    ...(tags.length ? { tags } : {}),
  };
  return item;
}

/** Spreads `total` over `slots` as evenly as possible (the first ones get the remainder). */
function spread(total: number, slots: number): number[] {
  return Array.from({ length: slots }, (_, i) => Math.floor(total / slots) + (i < total % slots ? 1 : 0));
}

/**
 * Generates the example catalogue of the fictional city 江屿市: regions, city departments, a two-level category
 * tree, licence types, items (the hand-written ones first, then generated ones over the procedure and form
 * templates), demo users, and the BPMN/form resources of every item. Deterministic: the same options give
 * deep-equal output; the seed changes names, numbers and region trees but not codes of departments, licence
 * types or hand-written items.
 */
export function generateCatalogue(options: CatalogueOptions = {}): Catalogue {
  const resolved = { ...CATALOGUE_DEFAULTS, ...options } as ResolvedCatalogueOptions;
  const random = new Random(resolved.seed);
  const regions = generateRegions(resolved, random.fork('regions'));
  const departments = generateDepartments(resolved.cityDepartments);
  const departmentKeys = new Set(CITY_DEPARTMENTS.slice(0, resolved.cityDepartments).map(([key]) => key as string));

  const typeRows = LICENCE_TYPE_ROWS.filter((row) => departmentKeys.has(row.issuer));
  if (resolved.licenceTypes > typeRows.length) throw new RangeError(`licenceTypes: at most ${typeRows.length} with these departments`);
  const licenceTypes = typeRows.slice(0, resolved.licenceTypes).map(licenceTypeOf);
  const typeByKey = new Map(typeRows.slice(0, resolved.licenceTypes).map((row, i) => [row.key, licenceTypes[i]!]));
  const typeCodes = new Set(licenceTypes.map((type) => type.code));

  const subs = selectSubCategories(resolved.subCategories, departmentKeys);
  const categoryCodes = new Set(subs.map((sub) => sub.category));
  const categories: Category[] = [];
  for (const [code, name, audience] of CATEGORY_ROWS.filter(([code]) => categoryCodes.has(code))) {
    categories.push({ schemaVersion: 1, code, name, audience });
    for (const sub of subs.filter((row) => row.category === code)) {
      categories.push({ schemaVersion: 1, code: `${code}.${sub.code}`, name: sub.name, parentCode: code, audience });
    }
  }
  const subCodes = new Set(subs.map((sub) => `${sub.category}.${sub.code}`));

  const departmentCodes = new Set(departments.map((department) => department.code));
  const handwritten: HandwrittenItem[] = resolved.includeHandwritten
    ? loadHandwrittenItems().filter(({ item }) => {
      const licenceCodes = [
        ...item.materials.filter((m) => m.source === 'licence').map((m) => m.licenceTypeCode!),
        ...(item.licenceIssued ? [item.licenceIssued.licenceTypeCode] : []),
      ];
      return subCodes.has(item.subCategoryCode)
        && [item.implementingDepartment, ...(item.jointDepartments ?? [])].every((code) => departmentCodes.has(code))
        && licenceCodes.every((code) => typeCodes.has(code));
    }).slice(0, resolved.items)
    : [];

  const items: Item[] = handwritten.map((entry) => entry.item);
  const resources: Record<string, ItemResources> = {};
  for (const entry of handwritten) resources[entry.item.code] = { bpmn: entry.bpmn, forms: entry.forms, handwritten: entry.slug };

  const templates = loadTemplates();
  const ctx: Context = {
    random: random.fork('items'),
    departments: new Map(departments.map((department) => [department.code, department])),
    licenceTypes: typeByKey,
    templates,
  };
  const perSub = spread(resolved.items, subs.length);
  const taken = new Map<string, Set<string>>();
  for (const { item } of handwritten) {
    const names = taken.get(item.subCategoryCode) ?? new Set<string>();
    names.add(item.name);
    taken.set(item.subCategoryCode, names);
  }
  // Hand-written items fill their sub-category's share first; any excess comes off the largest other shares.
  const quotas = subs.map((sub, i) => perSub[i]! - (taken.get(`${sub.category}.${sub.code}`)?.size ?? 0));
  let excess = quotas.reduce((sum, quota) => sum + Math.min(0, quota), 0);
  for (let i = 0; excess < 0; i = (i + 1) % quotas.length) {
    if (quotas[i]! > 0) {
      quotas[i]! -= 1;
      excess += 1;
    }
  }
  let mainNumber = GENERATED_MAIN_NUMBER_FROM;
  subs.forEach((sub, s) => {
    const quota = Math.max(0, quotas[s]!);
    const variants = VARIANTS[sub.type];
    const used = taken.get(`${sub.category}.${sub.code}`) ?? new Set<string>();
    let candidate = 0;
    let subNumber = 1;
    for (let n = 0; n < quota; n += 1) {
      let variant: string;
      do {
        const base = variants[candidate % variants.length]!;
        const round = Math.floor(candidate / variants.length);
        variant = round === 0 ? base : `${base}（${['市级', '区级', '镇街', '村居'][round - 1] ?? `第${round + 1}类`}）`;
        candidate += 1;
      } while (used.has(`${sub.subject}${variant}`));
      used.add(`${sub.subject}${variant}`);
      if (subNumber > 999) {
        mainNumber += 1;
        subNumber = 1;
      }
      const code = formatItemCode({ type: ITEM_TYPE_CODES[sub.type], mainNumber, subNumber });
      subNumber += 1;
      const item = generateItem(sub, variant, code, ctx);
      items.push(item);
      const forms: Record<string, Record<string, unknown>> = {};
      for (const form of item.forms) forms[form.id] = templates.forms[form.resource]!;
      resources[code] = { bpmn: templates.procedures[item.procedure.resource]!, forms };
    }
    mainNumber += 1;
  });

  const users: CatalogueUser[] = DEMO_HOLDERS.map((holder) => ({
    username: holder.username, name: holder.name, kind: 'applicant', roles: ['applicant'],
    regionCode: holder.regionCode, holderKind: holder.kind, idNumber: holder.idNumber,
  }));
  const staffRandom = random.fork('staff');
  const ROLES = [['accept', 'acceptance-clerk'], ['review', 'reviewer'], ['decide', 'decider'], ['clerk', 'clerk']] as const;
  const SURNAME = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '林', '何'];
  const GIVEN = ['建华', '丽娟', '志强', '海燕', '伟', '静', '晓东', '慧敏', '国平', '雪梅', '俊杰', '婷'];
  for (const department of departments) {
    const key = department.code.slice(department.code.indexOf('-') + 1).toLowerCase();
    for (const [suffix, role] of ROLES) {
      users.push({
        username: `${key}.${suffix}`, name: staffRandom.pick(SURNAME) + staffRandom.pick(GIVEN), kind: 'staff', roles: [role],
        departmentCode: department.code, regionCode: department.regionCode,
      });
    }
  }
  // District branches (e.g. 滨江区市场监督管理局) of every city department that has items handled at county level:
  // applications handled in a district go to its branch. The first `staffedDistricts` districts get demo staff.
  const countyDepartments = new Set(items.filter((item) => item.levels.includes('county')).map((item) => item.implementingDepartment));
  const districts = regions.filter((region) => region.level === 'county');
  const branches: Department[] = [];
  for (const [d, district] of districts.entries()) {
    for (const [index, department] of departments.entries()) {
      if (!countyDepartments.has(department.code)) continue;
      const key = department.code.slice(department.code.indexOf('-') + 1);
      const branch: Department = {
        schemaVersion: 1,
        code: `${district.code}-${key}`,
        name: `${district.name}${department.name.slice(CITY.name.length)}`,
        ...(department.shortName ? { shortName: department.shortName } : {}),
        creditCode: makeCreditCode({ authority: '1', entityType: '1', region: district.code, organisationBody: `MB${String(3001 + index * 97 + d * 7).padStart(6, '0')}` }),
        regionCode: district.code,
        level: 'county',
        parentCode: department.code,
        address: `${district.name}政务服务中心`,
        phone: department.phone ?? `${CITY.areaCode}-12345`,
      };
      branches.push(branch);
      if (d < resolved.staffedDistricts) {
        for (const [suffix, role] of ROLES) {
          users.push({
            username: `${district.code}.${key.toLowerCase()}.${suffix}`, name: staffRandom.pick(SURNAME) + staffRandom.pick(GIVEN), kind: 'staff',
            roles: [role], departmentCode: branch.code, regionCode: district.code,
          });
        }
      }
    }
  }
  return { options: resolved, regions, departments: [...departments, ...branches], categories, items, licenceTypes, users, resources };
}
