/**
 * Unified social credit codes (统一社会信用代码), GB 32100-2015: registration authority, entity type, region code
 * of the registration authority, organisation code (GB 11714) and a check character, 18 characters in all.
 */
import { fail, succeed, type ValidationResult } from './errors';
import { computeOrganisationCodeCheck } from './organisation-code';
import { parseRegionCode, type AdministrativeLevel } from './region-code';

/** GB 32100: the 31 characters of the code; each character's value is its index. No I, O, S, V, Z. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Error codes {@link validateCreditCode} can return. */
export type CreditCodeErrorCode =
  | 'TB_CREDIT_CODE_LENGTH'
  | 'TB_CREDIT_CODE_CHARACTERS'
  | 'TB_CREDIT_CODE_AUTHORITY'
  | 'TB_CREDIT_CODE_ENTITY_TYPE'
  | 'TB_CREDIT_CODE_REGION'
  | 'TB_CREDIT_CODE_ORGANISATION_CODE'
  | 'TB_CREDIT_CODE_CHECK_DIGIT';

/** An entity type (机构类别) under a registration authority. */
export interface EntityType {
  /** The character in position 2. */
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

/** A registration authority (登记管理部门) and the entity types it registers. */
export interface RegistrationAuthority {
  /** The character in position 1. */
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly entityTypes: readonly EntityType[];
}

const OTHER = { code: '9', zh: '其他', en: 'Other' } as const;

/**
 * GB 32100-2015 Appendix A (with the amendment that added A and N): the registration authorities and, for each,
 * the entity types it may write in position 2. Authority Y does not subdivide and always writes 1. A code whose
 * position 2 is not listed under its authority is refused with `TB_CREDIT_CODE_ENTITY_TYPE`; if an authority
 * starts issuing a new type, add it here.
 */
export const REGISTRATION_AUTHORITIES: readonly RegistrationAuthority[] = [
  {
    code: '1',
    zh: '机构编制',
    en: 'Institutional establishment',
    entityTypes: [
      { code: '1', zh: '机关', en: 'Government organ' },
      { code: '2', zh: '事业单位', en: 'Public institution' },
      { code: '3', zh: '中央编办直接管理机构编制的群众团体', en: 'Mass organisation staffed by the central establishment office' },
      OTHER,
    ],
  },
  {
    code: '2',
    zh: '外交',
    en: 'Foreign affairs',
    entityTypes: [{ code: '1', zh: '外国常驻新闻机构', en: 'Resident foreign news agency' }, OTHER],
  },
  {
    code: '3',
    zh: '司法行政',
    en: 'Judicial administration',
    entityTypes: [
      { code: '1', zh: '律师执业机构', en: 'Law firm' },
      { code: '2', zh: '公证处', en: 'Notary office' },
      { code: '3', zh: '基层法律服务所', en: 'Grassroots legal service office' },
      { code: '4', zh: '司法鉴定机构', en: 'Forensic appraisal institution' },
      { code: '5', zh: '仲裁委员会', en: 'Arbitration commission' },
      OTHER,
    ],
  },
  {
    code: '4',
    zh: '文化',
    en: 'Culture',
    entityTypes: [{ code: '1', zh: '外国在华文化中心', en: 'Foreign cultural centre in China' }, OTHER],
  },
  {
    code: '5',
    zh: '民政',
    en: 'Civil affairs',
    entityTypes: [
      { code: '1', zh: '社会团体', en: 'Social organisation' },
      { code: '2', zh: '民办非企业单位', en: 'Private non-enterprise unit' },
      { code: '3', zh: '基金会', en: 'Foundation' },
      OTHER,
    ],
  },
  {
    code: '6',
    zh: '旅游',
    en: 'Tourism',
    entityTypes: [
      { code: '1', zh: '外国旅游部门常驻代表机构', en: 'Resident office of a foreign tourism authority' },
      {
        code: '2',
        zh: '港澳台地区旅游部门常驻内地（大陆）代表机构',
        en: 'Resident office of a Hong Kong, Macao or Taiwan tourism authority',
      },
      OTHER,
    ],
  },
  {
    code: '7',
    zh: '宗教',
    en: 'Religious affairs',
    entityTypes: [
      { code: '1', zh: '宗教活动场所', en: 'Place of religious activity' },
      { code: '2', zh: '宗教院校', en: 'Religious school' },
      OTHER,
    ],
  },
  {
    code: '8',
    zh: '工会',
    en: 'Trade union',
    entityTypes: [{ code: '1', zh: '基层工会', en: 'Grassroots trade union' }, OTHER],
  },
  {
    code: '9',
    zh: '工商',
    en: 'Market regulation (industry and commerce)',
    entityTypes: [
      { code: '1', zh: '企业', en: 'Enterprise' },
      { code: '2', zh: '个体工商户', en: 'Individual business' },
      { code: '3', zh: '农民专业合作社', en: "Farmers' specialised cooperative" },
    ],
  },
  {
    code: 'A',
    zh: '中央军委改革和编制办公室',
    en: 'Reform and Establishment Office of the Central Military Commission',
    entityTypes: [{ code: '1', zh: '军队事业单位', en: 'Military public institution' }, OTHER],
  },
  {
    code: 'N',
    zh: '农业',
    en: 'Agriculture',
    entityTypes: [
      { code: '1', zh: '组级集体经济组织', en: 'Group-level collective economic organisation' },
      { code: '2', zh: '村级集体经济组织', en: 'Village-level collective economic organisation' },
      { code: '3', zh: '乡镇级集体经济组织', en: 'Township-level collective economic organisation' },
      OTHER,
    ],
  },
  {
    code: 'Y',
    zh: '其他',
    en: 'Other',
    entityTypes: [{ code: '1', zh: '不再具体划分机构类别', en: 'Not subdivided' }],
  },
];

const AUTHORITY_BY_CODE: ReadonlyMap<string, RegistrationAuthority> = new Map(
  REGISTRATION_AUTHORITIES.map((authority) => [authority.code, authority]),
);

/** GB 32100: weights of positions 1–17, W_i = 3^(i−1) mod 31. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

const SEVENTEEN = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{17}$/;
const SHAPE = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{2}[0-9]{6}[0-9ABCDEFGHJKLMNPQRTUWXY]{10}$/;
/** Region code written by national registration authorities (the State Council plan 国发〔2015〕33号 uses 100000). */
const NATIONAL_REGION = '100000';

/** A unified social credit code that passed {@link validateCreditCode}. */
export interface ParsedCreditCode {
  readonly code: string;
  /** Position 1 and its entry in {@link REGISTRATION_AUTHORITIES}. */
  readonly authority: { readonly code: string; readonly zh: string; readonly en: string };
  /** Position 2 and its entry under the authority. */
  readonly entityType: EntityType;
  /** Positions 3–8: the region code of the registration authority, as issued (6 digits). */
  readonly region: string;
  /** The level of the registration authority: `national` for `100000`, else the level of the region code. */
  readonly regionLevel: 'national' | AdministrativeLevel;
  /** Positions 9–17: the organisation code (GB 11714), check character included. */
  readonly organisationCode: string;
  /** Position 18. */
  readonly checkCharacter: string;
}

/**
 * The check character of a credit code from its first 17 characters (GB 32100):
 * value 31 − (Σ value × weight mod 31), with 31 written as 0.
 *
 * @throws RangeError when `first17` is not exactly 17 characters of {@link CREDIT_CODE_ALPHABET}.
 */
export function computeCreditCodeCheck(first17: string): string {
  if (!SEVENTEEN.test(first17)) {
    throw new RangeError(`computeCreditCodeCheck expects 17 credit-code characters, got ${JSON.stringify(first17)}`);
  }
  let sum = 0;
  for (let index = 0; index < 17; index += 1) {
    sum += CREDIT_CODE_ALPHABET.indexOf(first17[index] as string) * (WEIGHTS[index] as number);
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31] as string;
}

function regionLevelOf(region: string): 'national' | AdministrativeLevel | undefined {
  if (region === NATIONAL_REGION) return 'national';
  const parsed = parseRegionCode(region);
  return parsed.ok ? parsed.value.level : undefined;
}

/**
 * Validates an 18-character unified social credit code (GB 32100): alphabet, registration authority and entity
 * type ({@link REGISTRATION_AUTHORITIES}), region code (`100000` for national authorities, otherwise a
 * structurally valid 6-digit code, see `parseRegionCode`), the embedded organisation code's own check
 * (GB 11714) and the overall check character. Upper-case only.
 *
 * Every single-character substitution within the alphabet is refused: the weights are non-zero modulo the prime
 * 31 and values differ by 1–30, so one change always changes the sum mod 31.
 */
export function validateCreditCode(code: string): ValidationResult<ParsedCreditCode, CreditCodeErrorCode> {
  if (code.length !== 18) return fail('TB_CREDIT_CODE_LENGTH');
  if (!SHAPE.test(code)) return fail('TB_CREDIT_CODE_CHARACTERS');

  const authority = AUTHORITY_BY_CODE.get(code.slice(0, 1));
  if (authority === undefined) return fail('TB_CREDIT_CODE_AUTHORITY');
  const entityType = authority.entityTypes.find((type) => type.code === code[1]);
  if (entityType === undefined) return fail('TB_CREDIT_CODE_ENTITY_TYPE');

  const region = code.slice(2, 8);
  const regionLevel = regionLevelOf(region);
  if (regionLevel === undefined) return fail('TB_CREDIT_CODE_REGION');

  const organisationCode = code.slice(8, 17);
  if (computeOrganisationCodeCheck(organisationCode.slice(0, 8)) !== organisationCode[8]) {
    return fail('TB_CREDIT_CODE_ORGANISATION_CODE');
  }

  const checkCharacter = code.slice(17);
  if (computeCreditCodeCheck(code.slice(0, 17)) !== checkCharacter) return fail('TB_CREDIT_CODE_CHECK_DIGIT');

  return succeed({
    code,
    authority: { code: authority.code, zh: authority.zh, en: authority.en },
    entityType,
    region,
    regionLevel,
    organisationCode,
    checkCharacter,
  });
}

/** Whether {@link validateCreditCode} accepts `code`. */
export function isCreditCode(code: string): boolean {
  return validateCreditCode(code).ok;
}

/** Arguments of {@link makeCreditCode}. */
export interface CreditCodeParts {
  /** Position 1, a code of {@link REGISTRATION_AUTHORITIES}. */
  readonly authority: string;
  /** Position 2, an entity type of that authority. */
  readonly entityType: string;
  /** Positions 3–8: `100000` or a 6-digit region code. */
  readonly region: string;
  /** The 8 body characters of the organisation code, from {@link CREDIT_CODE_ALPHABET}. */
  readonly organisationBody: string;
}

/**
 * Builds a credit code with both check characters computed (the organisation code's in position 17, the overall
 * one in position 18), for test-data generators and fixtures.
 *
 * @throws RangeError when a part is invalid (a generator bug, not user input).
 */
export function makeCreditCode(parts: CreditCodeParts): string {
  const { authority, entityType, region, organisationBody } = parts;
  const entry = AUTHORITY_BY_CODE.get(authority);
  if (entry === undefined) throw new RangeError(`makeCreditCode: unknown authority ${JSON.stringify(authority)}`);
  if (!entry.entityTypes.some((type) => type.code === entityType)) {
    throw new RangeError(`makeCreditCode: entity type ${JSON.stringify(entityType)} is not valid for authority ${authority}`);
  }
  if (!/^[0-9]{6}$/.test(region) || regionLevelOf(region) === undefined) {
    throw new RangeError(`makeCreditCode: invalid region ${JSON.stringify(region)}`);
  }
  if (!/^[0-9ABCDEFGHJKLMNPQRTUWXY]{8}$/.test(organisationBody)) {
    throw new RangeError(`makeCreditCode: invalid organisation body ${JSON.stringify(organisationBody)}`);
  }
  const first17 = `${authority}${entityType}${region}${organisationBody}${computeOrganisationCodeCheck(organisationBody)}`;
  return `${first17}${computeCreditCodeCheck(first17)}`;
}
