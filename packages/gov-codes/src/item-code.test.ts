import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCode, regionCode } from '../test/arbitraries';
import { singleCharacterCorruptions } from '../test/corruptions';
import {
  CREDIT_CODE_ALPHABET,
  ITEM_TYPES,
  formatImplementationCode,
  formatItemCode,
  parseImplementationCode,
  parseItemCode,
  type ItemCodeParts,
  type ItemTypeCode,
} from './index';

const DEPARTMENT = '91350100M000100Y43';

describe('ITEM_TYPES', () => {
  it('holds the eleven item types with distinct 2-letter codes', () => {
    expect(ITEM_TYPES.map((type) => type.code)).toEqual([
      'XK', 'CF', 'QZ', 'ZS', 'JF', 'JC', 'QR', 'JL', 'CJ', 'QT', 'GG',
    ]);
    expect(new Set(ITEM_TYPES.map((type) => type.zh)).size).toBe(11);
  });
});

describe('parseItemCode', () => {
  it('parses a sub-item code', () => {
    expect(parseItemCode('XK00123001')).toEqual({
      ok: true,
      value: {
        code: 'XK00123001',
        type: 'XK',
        typeName: { zh: '行政许可', en: 'Administrative licensing' },
        mainNumber: '00123',
        subNumber: '001',
        mainItemCode: 'XK00123000',
        isSubItem: true,
      },
    });
  });

  it('reads sub-item 000 as an item without sub-items', () => {
    expect(parseItemCode('GG00456000')).toMatchObject({ ok: true, value: { isSubItem: false, mainItemCode: 'GG00456000' } });
  });

  it.each(ITEM_TYPES)('accepts the item type $code ($zh)', ({ code, zh }) => {
    expect(parseItemCode(`${code}00001000`)).toMatchObject({ ok: true, value: { type: code, typeName: { zh } } });
  });

  it.each(['', 'XK0012300', 'XK001230010', 'XK00123001-'])('refuses %j with TB_ITEM_CODE_LENGTH', (code) => {
    expect(parseItemCode(code)).toMatchObject({ ok: false, code: 'TB_ITEM_CODE_LENGTH' });
  });

  it.each(['xk00123001', 'X100123001', 'XK0012300A', 'XK 0123001'])('refuses %j with TB_ITEM_CODE_CHARACTERS', (code) => {
    expect(parseItemCode(code)).toMatchObject({ ok: false, code: 'TB_ITEM_CODE_CHARACTERS' });
  });

  it.each(['AB00123001', 'XX00123001', 'KX00123001'])('refuses the unknown type in %j with TB_ITEM_CODE_TYPE', (code) => {
    expect(parseItemCode(code)).toMatchObject({ ok: false, code: 'TB_ITEM_CODE_TYPE' });
  });

  it('refuses main item number 00000 with TB_ITEM_CODE_MAIN_NUMBER', () => {
    expect(parseItemCode('XK00000001')).toMatchObject({ ok: false, code: 'TB_ITEM_CODE_MAIN_NUMBER' });
  });
});

describe('formatItemCode', () => {
  it('pads the numbers and defaults the sub-item to 000', () => {
    expect(formatItemCode({ type: 'XK', mainNumber: 123, subNumber: 1 })).toBe('XK00123001');
    expect(formatItemCode({ type: 'GG', mainNumber: '456' })).toBe('GG00456000');
  });

  it.each<[ItemCodeParts, string]>([
    [{ type: 'XK', mainNumber: 0 }, 'main item 0'],
    [{ type: 'XK', mainNumber: 100000 }, 'a 6-digit main item'],
    [{ type: 'XK', mainNumber: 1, subNumber: 1000 }, 'a 4-digit sub-item'],
    [{ type: 'XK', mainNumber: -1 }, 'a negative number'],
    [{ type: 'XK', mainNumber: 1.5 }, 'a fraction'],
    [{ type: 'AB' as ItemTypeCode, mainNumber: 1 }, 'an unknown type'],
  ])('throws for %j (%s)', (parts) => {
    expect(() => formatItemCode(parts)).toThrow(RangeError);
  });

  it('round-trips through parseItemCode (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ITEM_TYPES.map((type) => type.code)),
        fc.integer({ min: 1, max: 99_999 }),
        fc.integer({ min: 0, max: 999 }),
        (type, mainNumber, subNumber) => {
          const parsed = parseItemCode(formatItemCode({ type, mainNumber, subNumber }));
          return (
            parsed.ok &&
            parsed.value.type === type &&
            Number(parsed.value.mainNumber) === mainNumber &&
            Number(parsed.value.subNumber) === subNumber
          );
        },
      ),
    );
  });
});

describe('parseImplementationCode', () => {
  it('parses the basic code, the implementing region and the department', () => {
    const result = parseImplementationCode(`XK00123001-440304000000-${DEPARTMENT}`);

    expect(result).toMatchObject({
      ok: true,
      value: {
        code: `XK00123001-440304000000-${DEPARTMENT}`,
        item: { code: 'XK00123001', type: 'XK' },
        region: { code: '440304', level: 'county', parents: ['44', '4403'] },
        level: 'county',
        department: { code: DEPARTMENT, authority: { code: '9' } },
      },
    });
  });

  it.each([
    ['XK00123001-440304-91350100M000100Y43', 'an unpadded region'],
    ['XK00123001440304000000' + DEPARTMENT, 'no separators'],
    [`XK00123001-440304000000-${DEPARTMENT}-1`, 'a fourth part'],
    [`XK00123001_440304000000_${DEPARTMENT}`, 'underscores'],
    ['XK00123001-440304000000', 'no department'],
    [`XK0012300-440304000000-${DEPARTMENT}`, 'a 9-character basic code'],
  ])('refuses %j with TB_ITEM_CODE_IMPLEMENTATION_FORMAT (%s)', (code) => {
    expect(parseImplementationCode(code)).toMatchObject({ ok: false, code: 'TB_ITEM_CODE_IMPLEMENTATION_FORMAT' });
  });

  it('returns the basic code’s own error when the basic code is refused', () => {
    expect(parseImplementationCode(`AB00123001-440304000000-${DEPARTMENT}`)).toMatchObject({
      ok: false,
      code: 'TB_ITEM_CODE_TYPE',
    });
  });

  it('refuses a bad region with TB_ITEM_CODE_REGION and names the inner error', () => {
    expect(parseImplementationCode(`XK00123001-440001000000-${DEPARTMENT}`)).toMatchObject({
      ok: false,
      code: 'TB_ITEM_CODE_REGION',
      details: [{ path: 'region', code: 'TB_REGION_CODE_STRUCTURE' }],
    });
  });

  it('refuses a bad department with TB_ITEM_CODE_DEPARTMENT and names the inner error', () => {
    expect(parseImplementationCode('XK00123001-440304000000-91350100M000100Y44')).toMatchObject({
      ok: false,
      code: 'TB_ITEM_CODE_DEPARTMENT',
      details: [{ path: 'department', code: 'TB_CREDIT_CODE_CHECK_DIGIT' }],
    });
  });

  it('refuses every single-character corruption of the department part', () => {
    const code = `XK00123001-440304000000-${DEPARTMENT}`;
    const corruptions = singleCharacterCorruptions(code, (position) => (position >= 24 ? CREDIT_CODE_ALPHABET : ''));

    expect(corruptions.filter(({ corrupted }) => parseImplementationCode(corrupted).ok)).toEqual([]);
  });
});

describe('formatImplementationCode', () => {
  it('pads the region code to 12 digits', () => {
    expect(formatImplementationCode({ itemCode: 'XK00123001', region: '440304', department: DEPARTMENT })).toBe(
      `XK00123001-440304000000-${DEPARTMENT}`,
    );
    expect(formatImplementationCode({ itemCode: 'GG00456000', region: '44', department: DEPARTMENT })).toBe(
      `GG00456000-440000000000-${DEPARTMENT}`,
    );
  });

  it.each([
    [{ itemCode: 'XK00000001', region: '440304', department: DEPARTMENT }, 'a refused basic code'],
    [{ itemCode: 'XK00123001', region: '44030', department: DEPARTMENT }, 'a 5-digit region'],
    [{ itemCode: 'XK00123001', region: '440001', department: DEPARTMENT }, 'a malformed region'],
    [{ itemCode: 'XK00123001', region: '440304', department: '91350100M000100Y44' }, 'a wrong credit code'],
  ])('throws for %j (%s)', (parts) => {
    expect(() => formatImplementationCode(parts)).toThrow(RangeError);
  });

  it('round-trips through parseImplementationCode (property)', () => {
    fc.assert(
      fc.property(regionCode, creditCode, (region, department) => {
        const parsed = parseImplementationCode(formatImplementationCode({ itemCode: 'QR00042003', region, department }));
        return parsed.ok && parsed.value.region.code === region && parsed.value.department.code === department;
      }),
    );
  });
});
