/** Test support: fast-check arbitraries for the codes of this package, built through its generators. */
import fc from 'fast-check';
import { PROVINCES } from '../src/index';

const provinceCode = fc.constantFrom(...PROVINCES.map((province) => province.code));
const twoDigits = (min: number) => fc.integer({ min, max: 99 }).map((value) => String(value).padStart(2, '0'));
const threeDigits = (min: number) => fc.integer({ min, max: 999 }).map((value) => String(value).padStart(3, '0'));

/** A region code at any of the five levels, in its shortest form. */
export const regionCode = fc
  .tuple(provinceCode, twoDigits(1), twoDigits(1), threeDigits(1), threeDigits(1), fc.integer({ min: 1, max: 5 }))
  .map(([province, city, county, township, village, depth]) =>
    [province, city, county, township, village].slice(0, depth).join(''),
  );
