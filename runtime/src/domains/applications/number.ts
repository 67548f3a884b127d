/**
 * Application numbers (办件编号), as Tongban issues them:
 *
 *     RRRRRR-YYMMDD-NNNNNNNN-C      e.g. 449902-261124-00001234-7
 *
 * - `RRRRRR`: the handling region's 6-digit county-or-higher code (a 2- or 4-digit code padded with zeros, a 9- or
 *   12-digit one cut to its county);
 * - `YYMMDD`: the submission date in China Standard Time;
 * - `NNNNNNNN`: a database sequence (unique across the deployment; gaps are possible when a transaction rolls back);
 * - `C`: an ISO 7064 MOD 11-2 check character (`0`–`9` or `X`, as in the resident ID) over the 20 digits, so a
 *   mistyped number in the public progress lookup is caught before any query.
 */
const WEIGHTS = Array.from({ length: 20 }, (_, i) => 2 ** (20 - i) % 11);

/** The MOD 11-2 check character of a string of digits. */
export function numberCheck(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) sum += Number(digits[i]) * (WEIGHTS[i] ?? 0);
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
}

/** The 6-digit region part of a number for a handling region code of any level. */
export function regionPart(regionCode: string): string {
  return regionCode.length >= 6 ? regionCode.slice(0, 6) : regionCode.padEnd(6, '0');
}

/** Formats an application number from its handling region, submission instant and sequence value. */
export function formatApplicationNumber(regionCode: string, submittedAt: Date, sequence: number | bigint): string {
  const local = new Date(submittedAt.getTime() + 8 * 3600_000);
  const date = `${String(local.getUTCFullYear() % 100).padStart(2, '0')}${String(local.getUTCMonth() + 1).padStart(2, '0')}${String(local.getUTCDate()).padStart(2, '0')}`;
  const serial = String(BigInt(sequence) % 100_000_000n).padStart(8, '0');
  const region = regionPart(regionCode);
  return `${region}-${date}-${serial}-${numberCheck(`${region}${date}${serial}`)}`;
}

/** Whether a text is a well-formed application number with a correct check character. */
export function isApplicationNumber(text: string): boolean {
  const match = /^(\d{6})-(\d{6})-(\d{8})-([\dX])$/.exec(text);
  return Boolean(match && numberCheck(`${match[1]}${match[2]}${match[3]}`) === match[4]);
}
