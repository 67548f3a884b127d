import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TODAY, residentId } from '../test/arbitraries';
import { shiftCharacter, singleCharacterCorruptions } from '../test/corruptions';
import {
  computeResidentIdCheck,
  genderOfResidentId,
  isResidentId,
  makeResidentId,
  maskResidentId,
  validateResidentId,
  type ResidentIdParts,
} from './index';

// Issue #2, point 3: tested against published valid examples and every single-character corruption of them.
// Each check character below was recomputed by hand from the GB 11643 weights before being kept.
const PUBLISHED = [
  { id: '11010519491231002X', source: 'GB 11643-1999, the standard’s own example' },
  { id: '53010219200508011X', source: 'worked example of the check digit in Baidu Baike and many explanations' },
  { id: '34052419800101001X', source: 'worked example, upgrade of the 15-digit 340524800101001' },
  { id: '130503196704010016', source: 'upgrade example of the 15-digit 130503670401001' },
  { id: '370101190102039973', source: 'worked example (Jinan, born 1901-02-03) in public explanations' },
] as const;

const RESIDENT_ID_ALPHABET = '0123456789X';

describe('validateResidentId', () => {
  it.each(PUBLISHED)('accepts the published example $id ($source)', ({ id }) => {
    expect(validateResidentId(id, { today: TODAY })).toMatchObject({ ok: true, value: { id } });
  });

  it('parses the parts of the GB 11643 example', () => {
    // Given the standard's example of a woman born on 1949-12-31 in Chaoyang, Beijing
    const result = validateResidentId('11010519491231002X');

    // Then every part is read back
    expect(result).toEqual({
      ok: true,
      value: {
        id: '11010519491231002X',
        region: '110105',
        province: '11',
        birthDate: '1949-12-31',
        sequence: '002',
        gender: 'female',
        checkCharacter: 'X',
      },
    });
  });

  // GB 11643's weights 2^(18-i) mod 11 are all non-zero modulo the prime 11 and digits differ by 1–9, so a single
  // substitution always changes S mod 11: the maths guarantees that every corruption is refused, with no exception.
  it.each(PUBLISHED)('refuses every single-character corruption of $id', ({ id }) => {
    const corruptions = singleCharacterCorruptions(id, () => RESIDENT_ID_ALPHABET);
    expect(corruptions).toHaveLength(18 * 10);

    const accepted = corruptions.filter(({ corrupted }) => validateResidentId(corrupted).ok);

    expect(accepted).toEqual([]);
  });

  it('refuses with TB_RESIDENT_ID_CHECK_DIGIT a corruption that leaves region and birth date valid', () => {
    // Given the example with its sequence changed from 002 to 004 (still a woman, still a valid date)
    const result = validateResidentId('11010519491231004X');

    expect(result).toMatchObject({ ok: false, code: 'TB_RESIDENT_ID_CHECK_DIGIT' });
  });

  it('refuses the GB 11643 example born in 1880 with a birth-date error although its check character is right', () => {
    expect(computeResidentIdCheck('44052418800101001')).toBe('4');

    expect(validateResidentId('440524188001010014')).toMatchObject({ ok: false, code: 'TB_RESIDENT_ID_BIRTH_DATE' });
  });

  it.each([
    ['', 'empty'],
    ['11010519491231002', '17 characters'],
    ['11010519491231002X0', '19 characters'],
    ['110105491231002', 'a first-generation 15-digit number'],
  ])('refuses %j with TB_RESIDENT_ID_LENGTH when it is %s', (id) => {
    expect(validateResidentId(id)).toMatchObject({ ok: false, code: 'TB_RESIDENT_ID_LENGTH' });
  });

  it.each([
    ['11010519491231002x', 'a lower-case x'],
    ['1101051949123100X2', 'an X before position 18'],
    ['11010519491231002 ', 'a space'],
    ['１１０１０５１９４９１２３１００２X', 'full-width digits'],
  ])('refuses %j with TB_RESIDENT_ID_CHARACTERS when it has %s', (id) => {
    expect(validateResidentId(id)).toMatchObject({ ok: false, code: 'TB_RESIDENT_ID_CHARACTERS' });
  });

  it.each([
    ['100105', 'province 10 does not exist'],
    ['830105', 'province 83 exists only as the Taiwan residence-permit code 830000'],
    ['990105', 'province 99 does not exist'],
    ['110005', 'the city part is 00'],
    ['110000', 'it is the province-level code of Beijing'],
    ['840000', 'it is no residence-permit code'],
  ])('refuses the address code %s with TB_RESIDENT_ID_REGION when %s', (region) => {
    // Given a number whose check character is right, so only the region can be at fault
    const first17 = `${region}19900101001`;
    const id = `${first17}${computeResidentIdCheck(first17)}`;

    expect(validateResidentId(id)).toMatchObject({ ok: false, code: 'TB_RESIDENT_ID_REGION' });
  });

  it.each([
    ['441900', 'Dongguan, a prefecture-level city without counties'],
    ['810000', 'the residence permit of a Hong Kong resident'],
    ['820000', 'the residence permit of a Macao resident'],
    ['830000', 'the residence permit of a Taiwan resident'],
    ['110228', 'an abolished county code (Miyun County, now a district)'],
  ])('accepts the address code %s for %s', (region) => {
    const id = makeResidentId({ region, birthDate: '1990-01-01', sequence: 1 });

    expect(validateResidentId(id)).toMatchObject({ ok: true, value: { region } });
  });

  it.each([
    ['1899-12-31', false, 'the day before the earliest accepted date'],
    ['1900-01-01', true, 'the earliest accepted date'],
    ['1900-02-29', false, '1900 is not a leap year (divisible by 100)'],
    ['2000-02-29', true, '2000 is a leap year (divisible by 400)'],
    ['2024-02-29', true, '2024 is a leap year'],
    ['2023-02-29', false, '2023 is not a leap year'],
    ['1990-04-31', false, 'April has 30 days'],
    ['1990-13-01', false, 'there is no month 13'],
    ['1990-00-10', false, 'there is no month 0'],
    ['1990-01-00', false, 'there is no day 0'],
    ['1990-12-32', false, 'December has 31 days'],
  ])('for the birth date %s returns ok=%s because %s', (date, accepted) => {
    // Given a number with that birth date and a correct check character
    const first17 = `110105${date.replaceAll('-', '')}002`;
    const id = `${first17}${computeResidentIdCheck(first17)}`;

    const result = validateResidentId(id);

    expect(result.ok).toBe(accepted);
    if (!result.ok) expect(result.code).toBe('TB_RESIDENT_ID_BIRTH_DATE');
  });

  it('refuses a birth date after today when today is given', () => {
    const id = makeResidentId({ region: '110105', birthDate: '2026-11-25', sequence: 2 });

    expect(validateResidentId(id, { today: '2026-11-24' })).toMatchObject({
      ok: false,
      code: 'TB_RESIDENT_ID_BIRTH_DATE',
    });
  });

  it('accepts a child born today', () => {
    const id = makeResidentId({ region: '110105', birthDate: '2026-11-24', sequence: 2 });

    expect(validateResidentId(id, { today: '2026-11-24' }).ok).toBe(true);
  });

  it('skips the future check when today is not given', () => {
    const id = makeResidentId({ region: '110105', birthDate: '2099-01-01', sequence: 2 });

    expect(validateResidentId(id).ok).toBe(true);
  });

  it.each(['2026-13-01', '20261124', 'today', '2026-02-30'])('throws when today is %j (a programmer error)', (today) => {
    expect(() => validateResidentId('11010519491231002X', { today })).toThrow(RangeError);
  });

  it('accepts every generated number (property)', () => {
    fc.assert(fc.property(residentId, (id) => validateResidentId(id, { today: TODAY }).ok));
  });

  it('refuses any single-character corruption of a generated number (property)', () => {
    fc.assert(
      fc.property(residentId, fc.nat({ max: 17 }), fc.integer({ min: 1, max: 10 }), (id, position, shift) => {
        const corrupted = shiftCharacter(id, position, RESIDENT_ID_ALPHABET, shift);
        return !validateResidentId(corrupted).ok;
      }),
    );
  });
});

describe('isResidentId', () => {
  it('agrees with validateResidentId, options included', () => {
    const bornTomorrow = makeResidentId({ region: '110105', birthDate: '2026-11-25', sequence: 2 });

    expect(isResidentId('11010519491231002X')).toBe(true);
    expect(isResidentId('110105194912310021')).toBe(false);
    expect(isResidentId(bornTomorrow)).toBe(true);
    expect(isResidentId(bornTomorrow, { today: '2026-11-24' })).toBe(false);
  });
});

describe('computeResidentIdCheck', () => {
  it.each(PUBLISHED)('computes the check character of $id', ({ id }) => {
    expect(computeResidentIdCheck(id.slice(0, 17))).toBe(id[17]);
  });

  it.each(['', '1101051949123100', '110105194912310021', '1101051949123100X'])(
    'throws when given %j, which is not 17 digits',
    (first17) => {
      expect(() => computeResidentIdCheck(first17)).toThrow(RangeError);
    },
  );
});

describe('genderOfResidentId', () => {
  it('reads an odd sequence as male and an even one as female', () => {
    expect(genderOfResidentId('34052419800101001X')).toBe('male');
    expect(genderOfResidentId('11010519491231002X')).toBe('female');
  });

  it('returns undefined when the number is refused', () => {
    expect(genderOfResidentId('11010519491231002Y')).toBeUndefined();
  });
});

describe('maskResidentId', () => {
  it('keeps the first 6 and the last 4 characters and hides the birth date', () => {
    expect(maskResidentId('11010519491231002X')).toBe('110105********002X');
  });

  it.each(['', '1101051949', '11010519491231002X1'])('hides every character of %j, which is not 18 long', (id) => {
    expect(maskResidentId(id)).toBe('*'.repeat(id.length));
  });
});

describe('makeResidentId', () => {
  it('rebuilds the GB 11643 example from its parts', () => {
    expect(makeResidentId({ region: '110105', birthDate: '1949-12-31', sequence: 2 })).toBe('11010519491231002X');
    expect(makeResidentId({ region: '110105', birthDate: '1949-12-31', sequence: '002' })).toBe('11010519491231002X');
    expect(makeResidentId({ region: '110105', birthDate: '19491231', sequence: 2 })).toBe('11010519491231002X');
  });

  it.each<[ResidentIdParts, string]>([
    [{ region: '1101', birthDate: '1990-01-01', sequence: 1 }, 'a 4-digit region'],
    [{ region: '100105', birthDate: '1990-01-01', sequence: 1 }, 'an unknown province'],
    [{ region: '110105', birthDate: '1899-12-31', sequence: 1 }, 'a birth date before 1900'],
    [{ region: '110105', birthDate: '1990-02-30', sequence: 1 }, 'no such date'],
    [{ region: '110105', birthDate: '19900230', sequence: 1 }, 'no such date, compact form'],
    [{ region: '110105', birthDate: '1990-1-1', sequence: 1 }, 'an unpadded date'],
    [{ region: '110105', birthDate: '1990-01-01', sequence: 1000 }, 'a 4-digit sequence'],
    [{ region: '110105', birthDate: '1990-01-01', sequence: -1 }, 'a negative sequence'],
    [{ region: '110105', birthDate: '1990-01-01', sequence: '01' }, 'a 2-character sequence'],
  ])('throws for %j (%s)', (parts) => {
    expect(() => makeResidentId(parts)).toThrow(RangeError);
  });
});
