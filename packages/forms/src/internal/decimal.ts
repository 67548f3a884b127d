/**
 * Exact decimal arithmetic for number rules, with big.js, the library form-js uses, so that `0.3` is a multiple of
 * `0.1` and limits compare exactly.
 */
import Big from 'big.js';

/** The decimal value of a number or numeric string, or `null` when big.js cannot read it. */
export function toDecimal(value: unknown): Big | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  try {
    return new Big(value);
  } catch {
    return null;
  }
}

/** The number of digits after the decimal point of a decimal. */
export function decimalPlaces(value: Big): number {
  const fixed = value.toFixed();
  const point = fixed.indexOf('.');
  return point === -1 ? 0 : fixed.length - point - 1;
}

/**
 * The step check of a number field: `null` when `value` is a multiple of `increment`, else the nearest valid values
 * below and above.
 */
export function incrementViolation(value: Big, increment: Big): { previous: string; next: string } | null {
  if (increment.eq(0)) return null;
  const offset = value.mod(increment);
  if (offset.eq(0)) return null;
  const previous = value.minus(offset);
  return { previous: previous.toString(), next: previous.plus(increment).toString() };
}
