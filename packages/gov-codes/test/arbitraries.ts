/** Test support: fast-check arbitraries for the codes of this package, built through its generators. */
import fc from 'fast-check';
import { CREDIT_CODE_ALPHABET, PROVINCES, REGISTRATION_AUTHORITIES, makeCreditCode, makeResidentId } from '../src/index';

const provinceCode = fc.constantFrom(...PROVINCES.map((province) => province.code));
const twoDigits = (min: number) => fc.integer({ min, max: 99 }).map((value) => String(value).padStart(2, '0'));
const threeDigits = (min: number) => fc.integer({ min, max: 999 }).map((value) => String(value).padStart(3, '0'));

/** A 6-digit address code with a non-zero city part (the county part may be 00). */
export const addressCode = fc
  .tuple(provinceCode, twoDigits(1), twoDigits(0))
  .map(([province, city, county]) => `${province}${city}${county}`);

/** The last day accepted by the property tests as "today". */
export const TODAY = '2026-11-24';

/** A birth date between 1900-01-01 and {@link TODAY}. */
export const birthDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

/** A resident ID number built by `makeResidentId`. */
export const residentId = fc
  .record({ region: addressCode, birthDate, sequence: fc.integer({ min: 0, max: 999 }) })
  .map((parts) => makeResidentId(parts));

/** A region code at any of the five levels, in its shortest form. */
export const regionCode = fc
  .tuple(provinceCode, twoDigits(1), twoDigits(1), threeDigits(1), threeDigits(1), fc.integer({ min: 1, max: 5 }))
  .map(([province, city, county, township, village, depth]) =>
    [province, city, county, township, village].slice(0, depth).join(''),
  );

const authorityAndType = fc.constantFrom(
  ...REGISTRATION_AUTHORITIES.flatMap((authority) =>
    authority.entityTypes.map((type) => [authority.code, type.code] as const),
  ),
);

/** A unified social credit code built by `makeCreditCode`. */
export const creditCode = fc
  .record({
    authorityAndType,
    region: fc.oneof(addressCode, fc.constant('100000')),
    organisationBody: fc.string({ unit: fc.constantFrom(...CREDIT_CODE_ALPHABET), minLength: 8, maxLength: 8 }),
  })
  .map(({ authorityAndType: [authority, entityType], region, organisationBody }) =>
    makeCreditCode({ authority, entityType, region, organisationBody }),
  );
