import { describe, expect, it } from 'vitest';
import { singleCharacterCorruptions } from '../test/corruptions';
import { computeOrganisationCodeCheck, isOrganisationCode, validateOrganisationCode } from './index';

// Issue #2, point 3. Organisation codes published as characters 9–17 of the credit codes in credit-code.test.ts,
// and under the hyphenated form in which they were printed on the old organisation code certificates.
const PUBLISHED = [
  { code: 'M000100Y4', source: 'GB 32100 worked example 91350100M000100Y43' },
  { code: '192203821', source: 'Huawei Technologies Co., Ltd. (19220382-1)' },
  { code: '716105852', source: 'Alibaba (China) Network Technology Co., Ltd. (71610585-2)' },
  { code: '551385082', source: 'Xiaomi Technology Co., Ltd. (55138508-2)' },
  { code: '425006133', source: 'East China Normal University (42500613-3)' },
  { code: '500021676', source: 'Beijing Institute of Technology Education Foundation (50002167-6)' },
] as const;

const BODY_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const value = (character: string) => BODY_ALPHABET.indexOf(character);

describe('validateOrganisationCode', () => {
  it.each(PUBLISHED)('accepts the published code $code ($source), plain and hyphenated', ({ code }) => {
    const hyphenated = `${code.slice(0, 8)}-${code.slice(8)}`;

    expect(validateOrganisationCode(code)).toEqual({
      ok: true,
      value: { code, body: code.slice(0, 8), checkCharacter: code.slice(8) },
    });
    expect(validateOrganisationCode(hyphenated)).toMatchObject({ ok: true, value: { code } });
  });

  // GB 11714 weighs the body modulo 11, but body values run from 0 to 35: replacing a character by one whose
  // value differs by 11, 22 or 33 (0↔B↔M↔X, 1↔C↔N↔Y, A↔L↔W …) adds a multiple of 11 to the sum and keeps the check.
  // Those substitutions, and only those, cannot be caught; any change of the check character itself is caught.
  it.each(PUBLISHED)('refuses every single-character corruption of $code that the mod-11 check can see', ({ code }) => {
    const corruptions = singleCharacterCorruptions(code, () => BODY_ALPHABET);

    const undetectable = corruptions.filter(
      ({ position, from, to }) => position < 8 && (value(to) - value(from)) % 11 === 0,
    );
    const accepted = corruptions.filter(({ corrupted }) => validateOrganisationCode(corrupted).ok);

    expect(accepted).toEqual(undetectable);
    expect(undetectable.length).toBeGreaterThan(0);
  });

  it.each([
    ['', 'empty'],
    ['19220382', '8 characters'],
    ['1922038210', '10 characters without a hyphen'],
    ['1922-03821', 'a hyphen in the wrong place'],
  ])('refuses %j with TB_ORGANISATION_CODE_LENGTH (%s)', (code) => {
    expect(validateOrganisationCode(code)).toMatchObject({ ok: false, code: 'TB_ORGANISATION_CODE_LENGTH' });
  });

  it.each([
    ['m000100Y4', 'a lower-case letter'],
    ['19220382A', 'a check character other than a digit or X'],
    ['1922038 1', 'a space'],
  ])('refuses %j with TB_ORGANISATION_CODE_CHARACTERS (%s)', (code) => {
    expect(validateOrganisationCode(code)).toMatchObject({ ok: false, code: 'TB_ORGANISATION_CODE_CHARACTERS' });
  });

  it('refuses a wrong check character with TB_ORGANISATION_CODE_CHECK_DIGIT', () => {
    expect(validateOrganisationCode('192203822')).toMatchObject({ ok: false, code: 'TB_ORGANISATION_CODE_CHECK_DIGIT' });
  });
});

describe('isOrganisationCode', () => {
  it('agrees with validateOrganisationCode', () => {
    expect(isOrganisationCode('19220382-1')).toBe(true);
    expect(isOrganisationCode('19220382-2')).toBe(false);
  });
});

describe('computeOrganisationCodeCheck', () => {
  it.each(PUBLISHED)('computes the check character of $code', ({ code }) => {
    expect(computeOrganisationCodeCheck(code.slice(0, 8))).toBe(code[8]);
  });

  it('writes 11 as 0 and 10 as X', () => {
    // 1×3 + 4×2 = 11 ≡ 0 (mod 11), so C = 11 − 0 = 11, written 0
    expect(computeOrganisationCodeCheck('10000004')).toBe('0');
    // 1×3 + 1×4 + 8×2 = 23 ≡ 1 (mod 11), so C = 11 − 1 = 10, written X
    expect(computeOrganisationCodeCheck('10000018')).toBe('X');
  });

  it('values a letter as 10 plus its position in A–Z, I, O, S, V and Z included', () => {
    // Z = 35 in position 1 (weight 3) = 105 ≡ 6, so C = 5; 9 in position 3 (weight 9) + Z: 81 + 105 = 186 ≡ 10, C = 1
    expect(computeOrganisationCodeCheck('Z0000000')).toBe('5');
    expect(computeOrganisationCodeCheck('Z0900000')).toBe('1');
  });

  it.each(['', '1922038', '192203821', 'm0001000', '1922-038'])('throws when given %j', (first8) => {
    expect(() => computeOrganisationCodeCheck(first8)).toThrow(RangeError);
  });
});
