import { describe, expect, it } from 'vitest';
import * as api from './index';
import { GOV_CODE_ERRORS } from './index';

describe('@tongban/gov-codes public entry', () => {
  it('exports exactly the documented values', () => {
    // A new export is a public API change: add it here and to the README in the same commit.
    expect(Object.keys(api).sort()).toEqual(
      [
        'ADMINISTRATIVE_LEVELS',
        'CREDIT_CODE_ALPHABET',
        'EARLIEST_BIRTH_DATE',
        'GOV_CODE_ERRORS',
        'ITEM_TYPES',
        'LEVELS',
        'PROVINCES',
        'REGION_CODE_LENGTHS',
        'REGISTRATION_AUTHORITIES',
        'computeCreditCodeCheck',
        'computeOrganisationCodeCheck',
        'computeResidentIdCheck',
        'formatImplementationCode',
        'formatItemCode',
        'genderOfResidentId',
        'isCreditCode',
        'isOrganisationCode',
        'isProvinceCode',
        'isResidentId',
        'isWithinRegion',
        'makeCreditCode',
        'makeResidentId',
        'maskResidentId',
        'normaliseRegionCode',
        'padRegionCode',
        'parentRegionCode',
        'parseImplementationCode',
        'parseItemCode',
        'parseRegionCode',
        'regionLevel',
        'validateCreditCode',
        'validateOrganisationCode',
        'validateResidentId',
      ].sort(),
    );
  });
});

describe('GOV_CODE_ERRORS', () => {
  it.each(Object.entries(GOV_CODE_ERRORS))('names %s TB_<AREA>_<REASON> and gives it both messages', (code, message) => {
    expect(code).toMatch(/^TB_(RESIDENT_ID|CREDIT_CODE|ORGANISATION_CODE|REGION_CODE|ITEM_CODE)_[A-Z_]+$/);
    expect(message.zh).toMatch(/\p{Script=Han}/u);
    expect(message.en).toMatch(/^[A-Z]/);
  });
});
