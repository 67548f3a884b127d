import { describe, expect, it } from 'vitest';
import { formatApplicationNumber, isApplicationNumber } from './number';

describe('application numbers', () => {
  it('carries the handling region, the China date and the sequence', () => {
    // 2026-11-23T20:00Z is already 24 November in China
    expect(formatApplicationNumber('449902', new Date('2026-11-23T20:00:00Z'), 1234)).toMatch(/^449902-261124-00001234-[\dX]$/);
    expect(formatApplicationNumber('4499', new Date('2026-01-05T02:00:00Z'), 1).startsWith('449900-260105-00000001-')).toBe(true);
    expect(formatApplicationNumber('449902003001', new Date('2026-01-05T02:00:00Z'), 1).startsWith('449902-')).toBe(true);
  });

  it('accepts every number it issues and refuses every single-digit corruption of one', () => {
    const number = formatApplicationNumber('449902', new Date('2026-11-24T02:00:00Z'), 98765432);
    expect(isApplicationNumber(number)).toBe(true);
    for (let i = 0; i < number.length; i += 1) {
      if (number[i] === '-') continue;
      for (const c of '0123456789X') {
        if (c === number[i] || (c === 'X' && i < number.length - 1)) continue;
        const corrupted = number.slice(0, i) + c + number.slice(i + 1);
        expect(isApplicationNumber(corrupted), corrupted).toBe(false);
      }
    }
  });

  it('refuses text that is not shaped like a number', () => {
    for (const text of ['', '449902-261124-00001234', "449902-261124-00001234-1' OR 1=1", 'x'.repeat(40)]) {
      expect(isApplicationNumber(text)).toBe(false);
    }
  });
});
