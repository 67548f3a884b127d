import { makeCreditCode } from '@tongban/gov-codes';

/**
 * National authorities that define licence types (证照类型的制定机关). Their names are real; their credit codes
 * here are computed placeholders with valid GB 32100 check characters (authority 1 / entity type 1 / region
 * 100000), not the authorities' real codes.
 */
export const NATIONAL_AUTHORITIES = [
  ['SAMR', '国家市场监督管理总局'],
  ['NHC', '国家卫生健康委员会'],
  ['MNR', '自然资源部'],
  ['MOHURD', '住房和城乡建设部'],
  ['MPS', '公安部'],
  ['MCA', '民政部'],
  ['MOHRSS', '人力资源和社会保障部'],
  ['MEE', '生态环境部'],
  ['MOT', '交通运输部'],
  ['NMPA', '国家药品监督管理局'],
  ['CDPF', '中国残疾人联合会'],
  ['STA', '国家税务总局'],
  ['MOE', '教育部'],
  ['MARA', '农业农村部'],
  ['MCT', '文化和旅游部'],
  ['MEM', '应急管理部'],
  ['NHSA', '国家医疗保障局'],
  ['MWR', '水利部'],
  ['NDRC', '国家发展和改革委员会'],
  ['MVA', '退役军人事务部'],
  ['MOFCOM', '商务部'],
  ['NFRA', '国家消防救援局'],
] as const;

/** Key of a national authority. */
export type AuthorityKey = (typeof NATIONAL_AUTHORITIES)[number][0];

/** A national authority with its (placeholder) credit code. */
export interface Authority {
  key: AuthorityKey;
  name: string;
  creditCode: string;
}

/** Every national authority with a stable credit code (independent of any seed). */
export const authorities: readonly Authority[] = NATIONAL_AUTHORITIES.map(([key, name], index) => ({
  key,
  name,
  creditCode: makeCreditCode({
    authority: '1',
    entityType: '1',
    region: '100000',
    organisationBody: `000${String(10013 + index * 97).padStart(5, '0')}`,
  }),
}));

/** The authority of a key. */
export function authorityOf(key: AuthorityKey): Authority {
  return authorities.find((authority) => authority.key === key)!;
}
