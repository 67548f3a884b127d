/**
 * Licence identifiers as Tongban adopts them (DOMAIN.md, a reading of public GB/T 36904 practice):
 *
 *     1.2.156.3005.2.<licence type code>.<issuer credit code>.<serial>.<version>.<check>
 *
 * - licence type code: 21 characters (defining authority credit code + 3 digits);
 * - issuer credit code: 18 characters;
 * - serial: 1–20 digits, no leading zero, unique per type and issuer;
 * - version: 3 digits, `001` for the first issue;
 * - check: one character `0-9A-Z`, **ISO 7064 MOD 37,36** (GB/T 17710, the hybrid system with M = 36) over every
 *   character of the identifier before it, dots left out, digits valued 0–9 and letters A–Z 10–35.
 */

const PREFIX = '1.2.156.3005.2.';
const SHAPE = /^1\.2\.156\.3005\.2\.([0-9A-HJ-NPQRTUWXY]{18}[0-9]{3})\.([0-9A-HJ-NPQRTUWXY]{18})\.([1-9][0-9]{0,19})\.([0-9]{3})\.([0-9A-Z])$/;
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function charValue(code: number): number {
  return code <= 57 ? code - 48 : code - 55;
}

/**
 * The ISO 7064 MOD 37,36 check character of a string of digits, capital letters and dots (dots are skipped).
 * Hybrid system: p = M; for each character s = (p + value) mod M (0 → M), p = 2s mod (M + 1); the check value c
 * makes (p + c) mod M = 1.
 */
export function licenceIdentifierCheck(body: string): string {
  return ALPHABET[(37 - continueCheck(36, body)) % 36]!;
}

/** The MOD 37,36 state after `text`, starting from state `p` (36 at the start). */
function continueCheck(p: number, text: string): number {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 46) continue;
    let s = (p + charValue(code)) % 36;
    if (s === 0) s = 36;
    p = (s * 2) % 37;
  }
  return p;
}

/**
 * A maker of identifiers for one licence type and issuer: the check state after the fixed part is computed once,
 * so each identifier costs only its serial's digits (the record generators make millions).
 */
export function licenceIdentifierMaker(typeCode: string, issuerCreditCode: string): (serial: number, version?: number) => string {
  const fixed = `${PREFIX}${typeCode}.${issuerCreditCode}.`;
  if (!SHAPE.test(`${fixed}1.001.0`)) throw new RangeError(`licenceIdentifierMaker: malformed ${typeCode} / ${issuerCreditCode}`);
  const state = continueCheck(36, fixed);
  return (serial, version = 1) => {
    const tail = `${serial}.${version < 10 ? '00' : version < 100 ? '0' : ''}${version}.`;
    return `${fixed}${tail}${ALPHABET[(37 - continueCheck(state, tail)) % 36]}`;
  };
}

/** Parts of a licence identifier. */
export interface LicenceIdentifierParts {
  typeCode: string;
  issuerCreditCode: string;
  /** Positive integer (or its digits). */
  serial: number | string;
  /** 1–999; 1 by default. */
  version?: number;
}

/** Builds a licence identifier with its check character. Throws RangeError for malformed parts (a caller bug). */
export function makeLicenceIdentifier(parts: LicenceIdentifierParts): string {
  const version = String(parts.version ?? 1).padStart(3, '0');
  const body = `${PREFIX}${parts.typeCode}.${parts.issuerCreditCode}.${parts.serial}.${version}.`;
  const identifier = body + licenceIdentifierCheck(body);
  if (!SHAPE.test(identifier)) throw new RangeError(`makeLicenceIdentifier: malformed parts ${JSON.stringify(parts)}`);
  return identifier;
}

/** Whether a licence identifier has the adopted structure and a correct check character. */
export function checkLicenceIdentifier(identifier: string): boolean {
  if (!SHAPE.test(identifier)) return false;
  return licenceIdentifierCheck(identifier.slice(0, -1)) === identifier[identifier.length - 1];
}

/** The parts of a valid identifier, or undefined. */
export function parseLicenceIdentifier(identifier: string): (Required<LicenceIdentifierParts> & { check: string }) | undefined {
  const match = SHAPE.exec(identifier);
  if (!match || !checkLicenceIdentifier(identifier)) return undefined;
  return { typeCode: match[1]!, issuerCreditCode: match[2]!, serial: match[3]!, version: Number(match[4]), check: match[5]! };
}
