import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCode } from '../test/arbitraries';
import { shiftCharacter, singleCharacterCorruptions } from '../test/corruptions';
import {
  CREDIT_CODE_ALPHABET,
  REGISTRATION_AUTHORITIES,
  computeCreditCodeCheck,
  computeOrganisationCodeCheck,
  isCreditCode,
  makeCreditCode,
  validateCreditCode,
} from './index';

// Issue #2, point 3: tested against published valid examples and every single-character corruption of them.
// Each code was recomputed (organisation code check and overall check) before being kept. 911100007109324000,
// also seen in public documents, was dropped: its organisation code is right but the overall check is K, not 0.
const PUBLISHED = [
  { code: '91350100M000100Y43', source: 'GB 32100 worked example of the check computation' },
  { code: '914403001922038216', source: 'Huawei Technologies Co., Ltd., public registration' },
  { code: '91330100716105852F', source: 'Alibaba (China) Network Technology Co., Ltd., public registration' },
  { code: '91110108551385082Q', source: 'Xiaomi Technology Co., Ltd., public registration' },
  { code: '91440300708461136T', source: 'a Tencent company in Shenzhen, public registration' },
  { code: '12100000425006133D', source: 'East China Normal University, a public institution registered nationally' },
  { code: '53100000500021676K', source: 'Beijing Institute of Technology Education Foundation, a foundation' },
] as const;

/** The credit code with its check character recomputed, so that only the part under test can be at fault. */
function withCheck(first17: string): string {
  return `${first17}${computeCreditCodeCheck(first17)}`;
}

describe('validateCreditCode', () => {
  it.each(PUBLISHED)('accepts the published code $code ($source)', ({ code }) => {
    expect(validateCreditCode(code)).toMatchObject({ ok: true, value: { code } });
  });

  it('parses the parts of the GB 32100 worked example', () => {
    expect(validateCreditCode('91350100M000100Y43')).toEqual({
      ok: true,
      value: {
        code: '91350100M000100Y43',
        authority: { code: '9', zh: '工商', en: 'Market regulation (industry and commerce)' },
        entityType: { code: '1', zh: '企业', en: 'Enterprise' },
        region: '350100',
        regionLevel: 'city',
        organisationCode: 'M000100Y4',
        checkCharacter: '3',
      },
    });
  });

  it('reads region 100000 as a national registration authority', () => {
    expect(validateCreditCode('12100000425006133D')).toMatchObject({
      ok: true,
      value: { authority: { code: '1' }, entityType: { code: '2', zh: '事业单位' }, regionLevel: 'national' },
    });
  });

  // GB 32100's weights 3^(i-1) mod 31 are all non-zero modulo the prime 31 and values differ by 1–30, so a single
  // substitution inside the alphabet always changes the sum mod 31: every corruption is refused, with no exception.
  // (The embedded organisation code's mod-11 check alone would miss some, see organisation-code.test.ts.)
  it.each(PUBLISHED)('refuses every single-character corruption of $code', ({ code }) => {
    const corruptions = singleCharacterCorruptions(code, () => CREDIT_CODE_ALPHABET);
    expect(corruptions).toHaveLength(18 * 30);

    const accepted = corruptions.filter(({ corrupted }) => validateCreditCode(corrupted).ok);

    expect(accepted).toEqual([]);
  });

  it('refuses with TB_CREDIT_CODE_CHECK_DIGIT a substitution the organisation code check cannot see', () => {
    // Given Huawei's code with the first body character 1 (value 1) replaced by C (value 12): the organisation sum
    // grows by 11 × 3, a multiple of 11, so its check character 1 still fits; only the overall mod-31 check sees it
    expect(computeOrganisationCodeCheck('C9220382')).toBe('1');

    expect(validateCreditCode('91440300C922038216')).toMatchObject({ ok: false, code: 'TB_CREDIT_CODE_CHECK_DIGIT' });
  });

  it.each([
    ['', 'empty'],
    ['91350100M000100Y4', '17 characters'],
    ['91350100M000100Y431', '19 characters'],
  ])('refuses %j with TB_CREDIT_CODE_LENGTH (%s)', (code) => {
    expect(validateCreditCode(code)).toMatchObject({ ok: false, code: 'TB_CREDIT_CODE_LENGTH' });
  });

  it.each(['I', 'O', 'S', 'V', 'Z', 'm', '-', ' '])('refuses the character %j with TB_CREDIT_CODE_CHARACTERS', (character) => {
    const code = `91350100M000100Y4${character}`;

    expect(validateCreditCode(code)).toMatchObject({ ok: false, code: 'TB_CREDIT_CODE_CHARACTERS' });
  });

  it('refuses the mistyped form of the GB 32100 worked example, ending in Z, with TB_CREDIT_CODE_CHARACTERS', () => {
    expect(validateCreditCode('91350100M000100Y4Z')).toMatchObject({ ok: false, code: 'TB_CREDIT_CODE_CHARACTERS' });
  });

  it('refuses a letter in the region part with TB_CREDIT_CODE_CHARACTERS', () => {
    expect(validateCreditCode(withCheck('9135A100M000100Y4'))).toMatchObject({
      ok: false,
      code: 'TB_CREDIT_CODE_CHARACTERS',
    });
  });

  it.each(['0', 'B', 'X'])('refuses the registration authority %s with TB_CREDIT_CODE_AUTHORITY', (authority) => {
    expect(validateCreditCode(withCheck(`${authority}1350100M000100Y4`))).toMatchObject({
      ok: false,
      code: 'TB_CREDIT_CODE_AUTHORITY',
    });
  });

  it.each([
    ['9', '4', 'market regulation registers enterprises, individual businesses and cooperatives only'],
    ['9', '9', 'market regulation has no "other" type'],
    ['Y', '2', 'authority Y always writes 1'],
    ['5', '4', 'civil affairs registers types 1, 2, 3 and 9'],
    ['1', 'A', 'no authority uses letters as entity types'],
  ])('refuses authority %s with entity type %s: %s', (authority, entityType) => {
    expect(validateCreditCode(withCheck(`${authority}${entityType}350100M000100Y4`))).toMatchObject({
      ok: false,
      code: 'TB_CREDIT_CODE_ENTITY_TYPE',
    });
  });

  it('accepts every entity type of REGISTRATION_AUTHORITIES under its authority', () => {
    const codes = REGISTRATION_AUTHORITIES.flatMap((authority) =>
      authority.entityTypes.map((type) =>
        makeCreditCode({ authority: authority.code, entityType: type.code, region: '350100', organisationBody: 'M000100Y' }),
      ),
    );

    expect(codes.filter((code) => !isCreditCode(code))).toEqual([]);
    expect(codes).toHaveLength(36);
  });

  it.each([
    ['000000', 'no province 00'],
    ['990000', 'no province 99'],
    ['110001', 'a county under a city left at zero'],
    ['100001', 'only 100000 stands for the nation'],
  ])('refuses the region %s with TB_CREDIT_CODE_REGION: %s', (region) => {
    expect(validateCreditCode(withCheck(`91${region}M000100Y4`))).toMatchObject({
      ok: false,
      code: 'TB_CREDIT_CODE_REGION',
    });
  });

  it.each([
    ['110000', 'a provincial authority'],
    ['441900', 'Dongguan, a city without counties'],
    ['810000', 'Hong Kong'],
  ])('accepts the region %s (%s)', (region) => {
    expect(validateCreditCode(withCheck(`91${region}M000100Y4`)).ok).toBe(true);
  });

  it('refuses a wrong organisation code check with TB_CREDIT_CODE_ORGANISATION_CODE even if the overall check fits', () => {
    expect(validateCreditCode(withCheck('91350100M000100Y5'))).toMatchObject({
      ok: false,
      code: 'TB_CREDIT_CODE_ORGANISATION_CODE',
    });
  });

  it('refuses a wrong overall check with TB_CREDIT_CODE_CHECK_DIGIT', () => {
    expect(validateCreditCode('91350100M000100Y44')).toMatchObject({ ok: false, code: 'TB_CREDIT_CODE_CHECK_DIGIT' });
    expect(validateCreditCode('911100007109324000')).toMatchObject({ ok: false, code: 'TB_CREDIT_CODE_CHECK_DIGIT' });
  });

  it('accepts every generated code (property)', () => {
    fc.assert(fc.property(creditCode, (code) => validateCreditCode(code).ok));
  });

  it('refuses any single-character corruption of a generated code (property)', () => {
    fc.assert(
      fc.property(creditCode, fc.nat({ max: 17 }), fc.integer({ min: 1, max: 30 }), (code, position, shift) => {
        return !validateCreditCode(shiftCharacter(code, position, CREDIT_CODE_ALPHABET, shift)).ok;
      }),
    );
  });
});

describe('isCreditCode', () => {
  it('agrees with validateCreditCode', () => {
    expect(isCreditCode('91350100M000100Y43')).toBe(true);
    expect(isCreditCode('91350100M000100Y4Z')).toBe(false);
  });
});

describe('computeCreditCodeCheck', () => {
  it('follows the GB 32100 worked example: the sum is 1640, 1640 mod 31 = 28, 31 − 28 = 3', () => {
    expect(computeCreditCodeCheck('91350100M000100Y4')).toBe('3');
  });

  it.each(PUBLISHED)('computes the check character of $code', ({ code }) => {
    expect(computeCreditCodeCheck(code.slice(0, 17))).toBe(code[17]);
  });

  it('writes a remainder of 0 as 0, not as the out-of-range value 31', () => {
    // Given 17 zeros, whose weighted sum is 0: 31 − 0 = 31, which GB 32100 writes as 0
    expect(computeCreditCodeCheck('00000000000000000')).toBe('0');
  });

  it.each(['', '91350100M000100Y', '91350100M000100Y43', '91350100M000100I4', '91350100m000100Y4'])(
    'throws when given %j',
    (first17) => {
      expect(() => computeCreditCodeCheck(first17)).toThrow(RangeError);
    },
  );
});

describe('makeCreditCode', () => {
  it('rebuilds the GB 32100 worked example from its parts', () => {
    expect(makeCreditCode({ authority: '9', entityType: '1', region: '350100', organisationBody: 'M000100Y' })).toBe(
      '91350100M000100Y43',
    );
  });

  it.each([
    [{ authority: '0', entityType: '1', region: '350100', organisationBody: 'M000100Y' }, 'an unknown authority'],
    [{ authority: '9', entityType: '9', region: '350100', organisationBody: 'M000100Y' }, 'a type the authority lacks'],
    [{ authority: '9', entityType: '1', region: '3501', organisationBody: 'M000100Y' }, 'a 4-digit region'],
    [{ authority: '9', entityType: '1', region: '990100', organisationBody: 'M000100Y' }, 'an unknown province'],
    [{ authority: '9', entityType: '1', region: '350100', organisationBody: 'M000100' }, 'a 7-character body'],
    [{ authority: '9', entityType: '1', region: '350100', organisationBody: 'O000100Y' }, 'a letter outside the alphabet'],
  ])('throws for %j (%s)', (parts) => {
    expect(() => makeCreditCode(parts)).toThrow(RangeError);
  });
});

describe('REGISTRATION_AUTHORITIES', () => {
  it('holds the authorities of GB 32100: 1–9, A, N and Y', () => {
    expect(REGISTRATION_AUTHORITIES.map((authority) => authority.code)).toEqual([
      ...'123456789'.split(''),
      'A',
      'N',
      'Y',
    ]);
  });
});
