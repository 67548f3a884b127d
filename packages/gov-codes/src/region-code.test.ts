import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regionCode } from '../test/arbitraries';
import {
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
} from './index';

describe('LEVELS', () => {
  it('lists the six levels of Tongban, highest first, the public last', () => {
    expect(LEVELS).toEqual(['province', 'city', 'county', 'township', 'village', 'public']);
    expect(ADMINISTRATIVE_LEVELS).toEqual(LEVELS.slice(0, 5));
  });

  it('gives each administrative level its code length', () => {
    expect(ADMINISTRATIVE_LEVELS.map((level) => REGION_CODE_LENGTHS[level])).toEqual([2, 4, 6, 9, 12]);
  });
});

describe('PROVINCES', () => {
  it('holds the 34 province-level codes of GB/T 2260 and nothing else', () => {
    const expected = [
      ...['11', '12', '13', '14', '15'],
      ...['21', '22', '23'],
      ...['31', '32', '33', '34', '35', '36', '37'],
      ...['41', '42', '43', '44', '45', '46'],
      ...['50', '51', '52', '53', '54'],
      ...['61', '62', '63', '64', '65'],
      ...['71', '81', '82'],
    ];

    expect(PROVINCES.map((province) => province.code)).toEqual(expected);
    expect(expected).toHaveLength(34);
  });

  it('is what isProvinceCode accepts among all 2-digit codes', () => {
    const all = Array.from({ length: 100 }, (_, index) => String(index).padStart(2, '0'));

    expect(all.filter(isProvinceCode)).toEqual(PROVINCES.map((province) => province.code));
  });
});

describe('parseRegionCode', () => {
  it.each([
    ['44', 'province', '44', []],
    ['4403', 'city', '4403', ['44']],
    ['440304', 'county', '440304', ['44', '4403']],
    ['440304001', 'township', '440304001', ['44', '4403', '440304']],
    ['440304001002', 'village', '440304001002', ['44', '4403', '440304', '440304001']],
  ])('parses %s as a %s', (code, level, shortest, parents) => {
    expect(parseRegionCode(code)).toEqual({
      ok: true,
      value: { code: shortest, level, parents, padded: shortest.padEnd(12, '0') },
    });
  });

  it.each([
    ['440300', '4403'],
    ['440300000', '4403'],
    ['440300000000', '4403'],
    ['4400', '44'],
    ['440000000000', '44'],
    ['440304000000', '440304'],
    ['440304001000', '440304001'],
  ])('reads the padded form %s as %s', (code, shortest) => {
    expect(parseRegionCode(code)).toMatchObject({ ok: true, value: { code: shortest } });
  });

  it('skips a county left at zero under a prefecture-level city without counties', () => {
    // Given a township of Dongguan (4419), which has no counties, as numbered by the statistical division codes
    const result = parseRegionCode('441900003001');

    expect(result).toEqual({
      ok: true,
      value: { code: '441900003001', level: 'village', parents: ['44', '4419', '441900003'], padded: '441900003001' },
    });
  });

  it.each(['', '4', '440', '44030', '4403041', '44030400', '4403040010', '44030400100', '4403040010020'])(
    'refuses %j with TB_REGION_CODE_LENGTH',
    (code) => {
      expect(parseRegionCode(code)).toMatchObject({ ok: false, code: 'TB_REGION_CODE_LENGTH' });
    },
  );

  it.each(['44a3', '4403O4', ' 44 ', '４４'])('refuses %j with TB_REGION_CODE_CHARACTERS', (code) => {
    expect(parseRegionCode(code)).toMatchObject({ ok: false, code: 'TB_REGION_CODE_CHARACTERS' });
  });

  it.each(['00', '10', '16', '83', '99', '100000'])('refuses %j with TB_REGION_CODE_PROVINCE', (code) => {
    expect(parseRegionCode(code)).toMatchObject({ ok: false, code: 'TB_REGION_CODE_PROVINCE' });
  });

  it.each([
    ['440001', 'a county under a city left at zero'],
    ['110000001', 'a township under a city left at zero'],
    ['440304000001', 'a village under a township left at zero'],
  ])('refuses %s with TB_REGION_CODE_STRUCTURE: %s', (code) => {
    expect(parseRegionCode(code)).toMatchObject({ ok: false, code: 'TB_REGION_CODE_STRUCTURE' });
  });

  it('keeps the shortest form through padding (property)', () => {
    fc.assert(
      fc.property(regionCode, (code) => {
        const parsed = parseRegionCode(code);
        const reparsed = parseRegionCode(parsed.ok ? parsed.value.padded : '');
        return parsed.ok && parsed.value.code === code && reparsed.ok && reparsed.value.code === code;
      }),
    );
  });

  it('lists as parents exactly the proper prefixes at level boundaries (property)', () => {
    fc.assert(
      fc.property(regionCode, (code) => {
        const parsed = parseRegionCode(code);
        const expected = [2, 4, 6, 9].filter((length) => length < code.length).map((length) => code.slice(0, length));
        return parsed.ok && JSON.stringify(parsed.value.parents) === JSON.stringify(expected);
      }),
    );
  });
});

describe('regionLevel', () => {
  it('returns the level of a valid code and undefined otherwise', () => {
    expect(regionLevel('440304')).toBe('county');
    expect(regionLevel('440300000000')).toBe('city');
    expect(regionLevel('44030')).toBeUndefined();
  });
});

describe('parentRegionCode', () => {
  it.each([
    ['440304001002', '440304001'],
    ['440304', '4403'],
    ['440300', '44'],
    ['441900003', '4419'],
  ])('returns the parent of %s as %s', (code, parent) => {
    expect(parentRegionCode(code)).toBe(parent);
  });

  it('returns undefined for a province and for an invalid code', () => {
    expect(parentRegionCode('44')).toBeUndefined();
    expect(parentRegionCode('440000')).toBeUndefined();
    expect(parentRegionCode('100000')).toBeUndefined();
  });
});

describe('normaliseRegionCode', () => {
  it('returns the shortest meaningful code, or undefined when the code is refused', () => {
    expect(normaliseRegionCode('440300000000')).toBe('4403');
    expect(normaliseRegionCode('440304')).toBe('440304');
    expect(normaliseRegionCode('440001')).toBeUndefined();
  });
});

describe('padRegionCode', () => {
  it('pads to 12 digits, or returns undefined when the code is refused', () => {
    expect(padRegionCode('4403')).toBe('440300000000');
    expect(padRegionCode('440304001')).toBe('440304001000');
    expect(padRegionCode('4403a')).toBeUndefined();
  });
});

describe('isWithinRegion', () => {
  it.each([
    ['440304001', '44', true, 'a township lies within its province'],
    ['440304001', '440300000000', true, 'padded forms compare by their shortest form'],
    ['441900003', '441900', true, 'a township of Dongguan lies within Dongguan'],
    ['4403', '4403', true, 'a region lies within itself'],
    ['44', '4403', false, 'a province does not lie within its city'],
    ['440304', '4401', false, 'Futian (Shenzhen) does not lie within Guangzhou'],
    ['440304', '4403a', false, 'nothing lies within an invalid code'],
    ['4403a', '44', false, 'an invalid code lies within nothing'],
  ])('isWithinRegion(%s, %s) is %s: %s', (child, ancestor, expected) => {
    expect(isWithinRegion(child, ancestor)).toBe(expected);
  });

  it('holds for every parent of a code (property)', () => {
    fc.assert(
      fc.property(regionCode, (code) => {
        const parsed = parseRegionCode(code);
        return parsed.ok && parsed.value.parents.every((parent) => isWithinRegion(code, parent) && !isWithinRegion(parent, code));
      }),
    );
  });
});
