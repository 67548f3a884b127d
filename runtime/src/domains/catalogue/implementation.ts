import { itemSchema, materialBody, validate, type Item, type Material } from '@tongban/schemas';

/**
 * Regional implementation lists (实施清单, issue #5 point 6). A region (and so a level) implements a standard item by
 * overriding only what the standard lets regions set; everything else — name, legal basis, legal time limit, the
 * standard's checklist, procedure and forms — is inherited unchanged.
 *
 * The allowed set, and the rule each override must keep:
 *
 * | field | rule |
 * |---|---|
 * | `implementingDepartment` (+ `implementingDepartmentCreditCode`) | a department of the region or of a region above it |
 * | `windows` | replaced whole; a window's `regionCode`, when given, lies within the region |
 * | `contact` | replaced whole (phone, complaint phone, address, email) |
 * | `committedTimeLimitDays` | <= the standard's legal time limit (and >= its stage limits, as for the standard) |
 * | `fees` | only when the version's policy allows fee reduction: waive, or lower the standard's named fee items; never add a charge, an item or a higher amount |
 * | `extraMaterials` | only when the version's policy allows extra materials; ids must not clash with the standard's |
 */
export const IMPLEMENTATION_FIELDS = [
  'implementingDepartment', 'implementingDepartmentCreditCode', 'windows', 'contact', 'committedTimeLimitDays', 'fees', 'extraMaterials',
] as const;

/** One implementation's overrides. */
export interface ImplementationOverrides {
  implementingDepartment?: string;
  implementingDepartmentCreditCode?: string;
  windows?: Item['windows'];
  contact?: Item['contact'];
  committedTimeLimitDays?: number;
  fees?: Item['fees'];
  extraMaterials?: Material[];
}

/** What regions may do with a version (stored with it). */
export interface ImplementationPolicy {
  allowExtraMaterials: boolean;
  allowFeeReduction: boolean;
}

/** JSON Schema of {@link ImplementationOverrides}: exactly the allowed set, each field as the item standard types it. */
export const implementationOverridesSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    implementingDepartment: itemSchema.properties.implementingDepartment,
    implementingDepartmentCreditCode: itemSchema.properties.implementingDepartmentCreditCode,
    windows: itemSchema.properties.windows,
    contact: itemSchema.properties.contact,
    committedTimeLimitDays: itemSchema.properties.committedTimeLimitDays,
    fees: itemSchema.properties.fees,
    extraMaterials: { type: 'array', maxItems: 50, items: materialBody },
  },
} as const;

/** A problem of an override, at a JSON pointer into the overrides. */
export interface OverrideProblem {
  pointer: string;
  code: string;
  message: { zh: string; en: string };
}

/** Catalogue facts the overrides are checked against. */
export interface OverrideLookups {
  /** Department code → its region code. */
  departments: ReadonlyMap<string, string>;
  licenceTypes: ReadonlySet<string>;
}

const within = (code: string, region: string) => code.startsWith(region) || region.startsWith(code);

/**
 * Checks one region's overrides against the standard version in force and its policy. Returns every problem; `[]`
 * when the overrides may apply. Pure.
 */
export function checkOverrides(standard: Item, policy: ImplementationPolicy, regionCode: string, overrides: ImplementationOverrides, lookups?: OverrideLookups): OverrideProblem[] {
  const problems: OverrideProblem[] = [];
  const add = (pointer: string, code: string, zh: string, en: string) => problems.push({ pointer, code, message: { zh, en } });
  for (const field of Object.keys(overrides)) {
    if (!(IMPLEMENTATION_FIELDS as readonly string[]).includes(field)) {
      add(`/${field}`, 'TB_VERSION_OVERRIDE_NOT_ALLOWED', `实施清单不能调整 ${field}`, `an implementation cannot override ${field}`);
    }
  }
  if (overrides.committedTimeLimitDays !== undefined && overrides.committedTimeLimitDays > standard.legalTimeLimitDays) {
    add('/committedTimeLimitDays', 'TB_ITEM_COMMITTED_EXCEEDS_LEGAL',
      `承诺办结时限（${overrides.committedTimeLimitDays} 个工作日）不得超过法定办结时限（${standard.legalTimeLimitDays} 个工作日）`,
      `the committed time limit (${overrides.committedTimeLimitDays} working days) must not exceed the legal time limit (${standard.legalTimeLimitDays})`);
  }
  if (overrides.implementingDepartment !== undefined && lookups) {
    const departmentRegion = lookups.departments.get(overrides.implementingDepartment);
    if (departmentRegion === undefined) {
      add('/implementingDepartment', 'TB_VERSION_REFERENCE_UNKNOWN', `部门 ${overrides.implementingDepartment} 不存在`, `department ${overrides.implementingDepartment} does not exist`);
    } else if (!regionCode.startsWith(departmentRegion)) {
      add('/implementingDepartment', 'TB_VERSION_OVERRIDE_OUT_OF_REGION', `部门 ${overrides.implementingDepartment} 不属于本地区或其上级地区`,
        `department ${overrides.implementingDepartment} is neither of this region nor of a region above it`);
    }
  }
  (overrides.windows ?? []).forEach((window, index) => {
    if (window.regionCode && !within(window.regionCode, regionCode)) {
      add(`/windows/${index}/regionCode`, 'TB_VERSION_OVERRIDE_OUT_OF_REGION', `窗口所在地区 ${window.regionCode} 不在本地区内`, `window region ${window.regionCode} lies outside the region`);
    }
  });
  if (overrides.fees !== undefined) {
    if (!policy.allowFeeReduction) {
      add('/fees', 'TB_VERSION_OVERRIDE_NOT_ALLOWED', '该事项标准不允许地方调整收费', 'the standard does not let regions change its fees');
    } else if (overrides.fees.charged) {
      const standardItems = new Map((standard.fees.charged ? standard.fees.items ?? [] : []).map((fee) => [fee.name, fee.amountYuan]));
      if (!standard.fees.charged) {
        add('/fees/charged', 'TB_VERSION_FEE_NOT_LAWFUL', '标准不收费的事项，地方不得设立收费', 'a region cannot charge for an item the standard provides free of charge');
      }
      (overrides.fees.items ?? []).forEach((fee, index) => {
        const standardAmount = standardItems.get(fee.name);
        if (standardAmount === undefined) {
          if (standard.fees.charged) add(`/fees/items/${index}/name`, 'TB_VERSION_FEE_NOT_LAWFUL', `收费项目 ${fee.name} 不在标准的收费项目中`, `fee item ${fee.name} is not one of the standard's`);
        } else if (fee.amountYuan > standardAmount) {
          add(`/fees/items/${index}/amountYuan`, 'TB_VERSION_FEE_NOT_LAWFUL', `收费金额不得高于标准的 ${standardAmount} 元`, `the amount must not exceed the standard's ${standardAmount} yuan`);
        }
      });
    }
  }
  if (overrides.extraMaterials !== undefined && overrides.extraMaterials.length > 0) {
    if (!policy.allowExtraMaterials) {
      add('/extraMaterials', 'TB_VERSION_OVERRIDE_NOT_ALLOWED', '该事项标准不允许地方增加申请材料', 'the standard does not let regions add materials');
    } else {
      const standardIds = new Set(standard.materials.map((material) => material.id));
      const seen = new Set<string>();
      overrides.extraMaterials.forEach((material, index) => {
        if (standardIds.has(material.id) || seen.has(material.id)) {
          add(`/extraMaterials/${index}/id`, 'TB_ITEM_DUPLICATE_MATERIAL', `材料编号 ${material.id} 与标准材料或其他新增材料重复`, `material id ${material.id} repeats a material`);
        }
        seen.add(material.id);
        if (lookups && material.licenceTypeCode && !lookups.licenceTypes.has(material.licenceTypeCode)) {
          add(`/extraMaterials/${index}/licenceTypeCode`, 'TB_VERSION_REFERENCE_UNKNOWN', `证照类型 ${material.licenceTypeCode} 不存在`, `licence type ${material.licenceTypeCode} does not exist`);
        }
      });
    }
  }
  if (problems.length === 0) {
    const merged = mergeOverrides(standard, [overrides]);
    const result = validate('item', merged);
    for (const issue of result.issues) {
      const pointer = issue.path.startsWith('/materials/')
        ? `/extraMaterials/${Number(issue.path.split('/')[2]) - standard.materials.length}${issue.path.split('/').slice(3).map((segment) => `/${segment}`).join('')}`
        : issue.path;
      problems.push({ pointer, code: issue.code, message: issue.message });
    }
  }
  return problems;
}

/** Applies overrides from the broadest region to the narrowest: each field is the narrowest region's that sets it. */
function mergeOverrides(standard: Item, chain: ImplementationOverrides[]): Item {
  const merged: Record<string, unknown> = { ...standard };
  const extra = new Map<string, Material>();
  for (const overrides of chain) {
    for (const [field, value] of Object.entries(overrides)) {
      if (field === 'extraMaterials') (value as Material[]).forEach((material) => extra.set(material.id, material));
      else merged[field] = value;
    }
  }
  if (extra.size > 0) merged.materials = [...standard.materials, ...extra.values()];
  return merged as Item;
}

/** One region's implementation in force. */
export interface ImplementationEntry {
  regionCode: string;
  level: string;
  revision: number;
  effectiveFrom: string;
  overrides: ImplementationOverrides;
}

/** The item as it applies in a region, and which implementations made it so. */
export interface ResolvedItem {
  item: Item;
  /** The implementations applied, broadest region first. */
  applied: Array<{ regionCode: string; level: string; revision: number; fields: string[] }>;
  /** Overrides left out because the version in force no longer allows them (its policy or limits changed). */
  ignored: Array<{ regionCode: string; revision: number; field: string; code: string }>;
}

/**
 * Resolves the item for a region from the standard and the implementations in force along the region's ancestry
 * (village → township → county → city → province; pass them in any order). An override the current standard no
 * longer allows is left out and listed in `ignored`, field by field, so a stricter new version never lets an older
 * local rule through.
 */
export function resolveImplementation(standard: Item, policy: ImplementationPolicy, entries: ImplementationEntry[]): ResolvedItem {
  const ordered = [...entries].sort((a, b) => a.regionCode.length - b.regionCode.length);
  const applied: ResolvedItem['applied'] = [];
  const ignored: ResolvedItem['ignored'] = [];
  const chain: ImplementationOverrides[] = [];
  for (const entry of ordered) {
    const kept: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(entry.overrides)) {
      const single = { [field]: value } as ImplementationOverrides;
      const problems = checkOverrides(standard, policy, entry.regionCode, single);
      if (problems.length > 0) ignored.push({ regionCode: entry.regionCode, revision: entry.revision, field, code: problems[0]!.code });
      else kept[field] = value;
    }
    if (Object.keys(kept).length > 0) {
      chain.push(kept as ImplementationOverrides);
      applied.push({ regionCode: entry.regionCode, level: entry.level, revision: entry.revision, fields: Object.keys(kept) });
    }
  }
  return { item: mergeOverrides(standard, chain), applied, ignored };
}

/** The region codes from a region up to its province, narrowest first (GB/T 2260: each level's code is a prefix). */
export function regionAncestry(regionCode: string): string[] {
  return [12, 9, 6, 4, 2].filter((length) => regionCode.length >= length).map((length) => regionCode.slice(0, length));
}
