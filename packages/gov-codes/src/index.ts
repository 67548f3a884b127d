/**
 * `@tongban/gov-codes`: check digits and structures of the Chinese government codes Tongban handles. Pure: no
 * I/O, no clock, no randomness; validators return results, never throw on user input.
 *
 * - resident ID numbers (GB 11643),
 * - unified social credit codes (GB 32100) and the organisation codes inside them (GB 11714),
 * - region codes (GB/T 2260 extended to township and village) and the six levels,
 * - item codes (the structure adopted in README.md).
 */
export {
  GOV_CODE_ERRORS,
  type GovCodeErrorCode,
  type Message,
  type ValidationDetail,
  type ValidationFailure,
  type ValidationResult,
  type ValidationSuccess,
} from './errors';

export {
  ADMINISTRATIVE_LEVELS,
  LEVELS,
  PROVINCES,
  REGION_CODE_LENGTHS,
  isProvinceCode,
  isWithinRegion,
  normaliseRegionCode,
  padRegionCode,
  parentRegionCode,
  parseRegionCode,
  regionLevel,
  type AdministrativeLevel,
  type Level,
  type ParsedRegionCode,
  type Province,
  type RegionCodeErrorCode,
} from './region-code';

export {
  EARLIEST_BIRTH_DATE,
  computeResidentIdCheck,
  genderOfResidentId,
  isResidentId,
  makeResidentId,
  maskResidentId,
  validateResidentId,
  type Gender,
  type ParsedResidentId,
  type ResidentIdErrorCode,
  type ResidentIdOptions,
  type ResidentIdParts,
} from './resident-id';

export {
  computeOrganisationCodeCheck,
  isOrganisationCode,
  validateOrganisationCode,
  type OrganisationCodeErrorCode,
  type ParsedOrganisationCode,
} from './organisation-code';

export {
  CREDIT_CODE_ALPHABET,
  REGISTRATION_AUTHORITIES,
  computeCreditCodeCheck,
  isCreditCode,
  makeCreditCode,
  validateCreditCode,
  type CreditCodeErrorCode,
  type CreditCodeParts,
  type EntityType,
  type ParsedCreditCode,
  type RegistrationAuthority,
} from './credit-code';

export {
  ITEM_TYPES,
  formatImplementationCode,
  formatItemCode,
  parseImplementationCode,
  parseItemCode,
  type ImplementationCodeErrorCode,
  type ImplementationCodeParts,
  type ItemCodeErrorCode,
  type ItemCodeParts,
  type ItemType,
  type ItemTypeCode,
  type ParsedImplementationCode,
  type ParsedItemCode,
} from './item-code';
