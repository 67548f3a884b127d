/**
 * Region codes (行政区划代码): GB/T 2260 gives 2 digits for the province, 2 for the city (prefecture) and 2 for the
 * county; the statistical division codes of the National Bureau of Statistics add 3 digits for the township and 3
 * for the village. A level's code is a prefix of the codes under it.
 *
 * This module checks structure only. It knows the 34 province-level codes and nothing below them: shipping the
 * whole GB/T 2260 table would go stale with every boundary change, and resident ID numbers and credit codes keep
 * the code that was valid when they were issued.
 */
import { fail, succeed, type ValidationResult } from './errors';

/**
 * The six levels of Tongban (省/市/县/乡/村/群众), highest first. The public (citizen) level has no region
 * code; the other five are the administrative levels.
 */
export const LEVELS = ['province', 'city', 'county', 'township', 'village', 'public'] as const;

/** One of the six levels of Tongban. */
export type Level = (typeof LEVELS)[number];

/** The five levels that have a region code and departments, highest first. */
export const ADMINISTRATIVE_LEVELS = ['province', 'city', 'county', 'township', 'village'] as const;

/** A level that has a region code. */
export type AdministrativeLevel = (typeof ADMINISTRATIVE_LEVELS)[number];

/** Number of digits of a region code at each administrative level. */
export const REGION_CODE_LENGTHS: Readonly<Record<AdministrativeLevel, number>> = {
  province: 2,
  city: 4,
  county: 6,
  township: 9,
  village: 12,
};

/** A province-level division of GB/T 2260. */
export interface Province {
  /** The 2-digit code. */
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

/**
 * The 34 province-level divisions of GB/T 2260: 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71 (Taiwan), 81 (Hong
 * Kong) and 82 (Macao).
 */
export const PROVINCES: readonly Province[] = [
  { code: '11', zh: '北京市', en: 'Beijing' },
  { code: '12', zh: '天津市', en: 'Tianjin' },
  { code: '13', zh: '河北省', en: 'Hebei' },
  { code: '14', zh: '山西省', en: 'Shanxi' },
  { code: '15', zh: '内蒙古自治区', en: 'Inner Mongolia' },
  { code: '21', zh: '辽宁省', en: 'Liaoning' },
  { code: '22', zh: '吉林省', en: 'Jilin' },
  { code: '23', zh: '黑龙江省', en: 'Heilongjiang' },
  { code: '31', zh: '上海市', en: 'Shanghai' },
  { code: '32', zh: '江苏省', en: 'Jiangsu' },
  { code: '33', zh: '浙江省', en: 'Zhejiang' },
  { code: '34', zh: '安徽省', en: 'Anhui' },
  { code: '35', zh: '福建省', en: 'Fujian' },
  { code: '36', zh: '江西省', en: 'Jiangxi' },
  { code: '37', zh: '山东省', en: 'Shandong' },
  { code: '41', zh: '河南省', en: 'Henan' },
  { code: '42', zh: '湖北省', en: 'Hubei' },
  { code: '43', zh: '湖南省', en: 'Hunan' },
  { code: '44', zh: '广东省', en: 'Guangdong' },
  { code: '45', zh: '广西壮族自治区', en: 'Guangxi' },
  { code: '46', zh: '海南省', en: 'Hainan' },
  { code: '50', zh: '重庆市', en: 'Chongqing' },
  { code: '51', zh: '四川省', en: 'Sichuan' },
  { code: '52', zh: '贵州省', en: 'Guizhou' },
  { code: '53', zh: '云南省', en: 'Yunnan' },
  { code: '54', zh: '西藏自治区', en: 'Tibet' },
  { code: '61', zh: '陕西省', en: 'Shaanxi' },
  { code: '62', zh: '甘肃省', en: 'Gansu' },
  { code: '63', zh: '青海省', en: 'Qinghai' },
  { code: '64', zh: '宁夏回族自治区', en: 'Ningxia' },
  { code: '65', zh: '新疆维吾尔自治区', en: 'Xinjiang' },
  { code: '71', zh: '台湾省', en: 'Taiwan' },
  { code: '81', zh: '香港特别行政区', en: 'Hong Kong' },
  { code: '82', zh: '澳门特别行政区', en: 'Macao' },
];

const PROVINCE_CODE_SET: ReadonlySet<string> = new Set(PROVINCES.map((province) => province.code));

/** Whether `code` is one of the 34 province-level codes of GB/T 2260 (exactly 2 digits). */
export function isProvinceCode(code: string): boolean {
  return PROVINCE_CODE_SET.has(code);
}

/** A region code that passed {@link parseRegionCode}. */
export interface ParsedRegionCode {
  /** The shortest meaningful code: trailing all-zero levels removed (`440300000000` → `4403`). */
  readonly code: string;
  /** The level of {@link ParsedRegionCode.code}. */
  readonly level: AdministrativeLevel;
  /**
   * The codes of the regions above, highest first, each in its shortest form. A level left at zero is skipped:
   * the township `441900003` (under Dongguan, a prefecture-level city without counties) has parents
   * `['44', '4419']`.
   */
  readonly parents: readonly string[];
  /** The 12-digit form, padded with zeros (`4403` → `440300000000`). */
  readonly padded: string;
}

/** Error codes {@link parseRegionCode} can return. */
export type RegionCodeErrorCode =
  | 'TB_REGION_CODE_LENGTH'
  | 'TB_REGION_CODE_CHARACTERS'
  | 'TB_REGION_CODE_PROVINCE'
  | 'TB_REGION_CODE_STRUCTURE';

const SEGMENT_ENDS = [2, 4, 6, 9, 12] as const;
const COUNTY_INDEX = 2;
const DIGITS = /^[0-9]*$/;

/**
 * Parses a region code of 2, 4, 6, 9 or 12 digits, also in its zero-padded forms (`440300` and
 * `440300000000` are the city `4403`).
 *
 * Structural rules: the province must be one of {@link PROVINCES}; a level left at zero cannot have a non-zero
 * level below it, except the county, because prefecture-level cities without counties (Dongguan 4419, Zhongshan
 * 4420, Jiayuguan 6202, Danzhou 4604) number their townships directly (`441900003`). Whether a code below the
 * province exists is not checked.
 */
export function parseRegionCode(code: string): ValidationResult<ParsedRegionCode, RegionCodeErrorCode> {
  const depthCount = SEGMENT_ENDS.indexOf(code.length as (typeof SEGMENT_ENDS)[number]) + 1;
  if (depthCount === 0) return fail('TB_REGION_CODE_LENGTH');
  if (!DIGITS.test(code)) return fail('TB_REGION_CODE_CHARACTERS');
  if (!isProvinceCode(code.slice(0, 2))) return fail('TB_REGION_CODE_PROVINCE');

  const segments = SEGMENT_ENDS.slice(0, depthCount).map((end, index) =>
    code.slice(index === 0 ? 0 : SEGMENT_ENDS[index - 1], end),
  );
  const isZero = segments.map((segment) => /^0+$/.test(segment));
  const deepest = isZero.lastIndexOf(false);
  for (let index = 1; index < deepest; index += 1) {
    if (isZero[index] && index !== COUNTY_INDEX) return fail('TB_REGION_CODE_STRUCTURE');
  }

  const shortest = code.slice(0, SEGMENT_ENDS[deepest]);
  const parents: string[] = [];
  for (let index = 0; index < deepest; index += 1) {
    if (!isZero[index]) parents.push(code.slice(0, SEGMENT_ENDS[index]));
  }
  return succeed({
    code: shortest,
    level: ADMINISTRATIVE_LEVELS[deepest] as AdministrativeLevel,
    parents,
    padded: shortest.padEnd(12, '0'),
  });
}

/** The level of a region code, or `undefined` when {@link parseRegionCode} refuses it. */
export function regionLevel(code: string): AdministrativeLevel | undefined {
  const parsed = parseRegionCode(code);
  return parsed.ok ? parsed.value.level : undefined;
}

/**
 * The shortest code of the region directly above, or `undefined` for a province and for a code
 * {@link parseRegionCode} refuses (use it to tell the two apart). A level left at zero is skipped.
 */
export function parentRegionCode(code: string): string | undefined {
  const parsed = parseRegionCode(code);
  return parsed.ok ? parsed.value.parents.at(-1) : undefined;
}

/**
 * The shortest meaningful form of a region code (`440300000000` → `4403`), or `undefined` when
 * {@link parseRegionCode} refuses it.
 */
export function normaliseRegionCode(code: string): string | undefined {
  const parsed = parseRegionCode(code);
  return parsed.ok ? parsed.value.code : undefined;
}

/**
 * The 12-digit zero-padded form of a region code (`4403` → `440300000000`), or `undefined` when
 * {@link parseRegionCode} refuses it.
 */
export function padRegionCode(code: string): string | undefined {
  const parsed = parseRegionCode(code);
  return parsed.ok ? parsed.value.padded : undefined;
}

/**
 * Whether the region `child` lies within the region `ancestor`, by the prefix rule on their shortest forms. A
 * region is within itself. Both codes may be given in any padded form; an invalid code is within nothing and
 * contains nothing.
 */
export function isWithinRegion(child: string, ancestor: string): boolean {
  const parsedChild = parseRegionCode(child);
  const parsedAncestor = parseRegionCode(ancestor);
  return parsedChild.ok && parsedAncestor.ok && parsedChild.value.code.startsWith(parsedAncestor.value.code);
}
