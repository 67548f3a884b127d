import { sm3Hex } from './sm2';

/**
 * Canonical JSON (RFC 8785, JSON Canonicalization Scheme, for the values licences hold): object members sorted by
 * the UTF-16 code units of their names, no whitespace, strings and numbers serialised as ECMAScript's
 * `JSON.stringify` does, `undefined` members left out, arrays kept in order. Two parties who agree on the values
 * produce the same bytes, whatever order the fields came in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite');
    if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') throw new TypeError(`canonicalJson: cannot serialise a ${typeof value}`);
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

/** The fields of a licence its signature covers (its status is not: that changes, and is asked of the library). */
export interface SignedLicenceContent {
  identifier: string;
  typeCode: string;
  number?: string | null;
  holder: { kind: string; name: string; idNumber: string };
  issuer: { name: string; creditCode: string };
  issuedOn: string;
  validFrom?: string | null;
  validUntil?: string | null;
  data: Record<string, unknown>;
  keyId: string;
}

/** Version tag of the signed content; a new layout gets a new tag and verifiers keep the old one. */
export const SIGNED_CONTENT_VERSION = 'tongban.licence.v1';

/**
 * The canonical bytes a licence's digest is taken of: `{ v, identifier, typeCode, number?, holder, issuer,
 * issuedOn, validFrom?, validUntil?, data, keyId }` as canonical JSON, UTF-8. Empty optional fields are left out,
 * so a record without `number` and one with `number: null` sign alike.
 */
export function signedContentBytes(content: SignedLicenceContent): Buffer {
  return Buffer.from(canonicalJson({
    v: SIGNED_CONTENT_VERSION,
    identifier: content.identifier,
    typeCode: content.typeCode,
    number: content.number ?? undefined,
    holder: { kind: content.holder.kind, name: content.holder.name, idNumber: content.holder.idNumber },
    issuer: { name: content.issuer.name, creditCode: content.issuer.creditCode },
    issuedOn: content.issuedOn,
    validFrom: content.validFrom ?? undefined,
    validUntil: content.validUntil ?? undefined,
    data: content.data,
    keyId: content.keyId,
  }), 'utf8');
}

/** SM3 digest (hex) of a licence's signed content. */
export function licenceDigest(content: SignedLicenceContent): string {
  return sm3Hex(signedContentBytes(content));
}

/** What a licence's QR code carries. */
export interface QrPayload {
  identifier: string;
  keyId: string;
  /** SM3 of the signed content, 64 hex digits. */
  digest: string;
  /** SM2 signature r‖s of the digest, 128 hex digits. */
  signature: string;
}

const QR_PREFIX = 'TBL1';
const QR_SHAPE = /^TBL1:(1\.2\.156\.3005\.2\.[0-9A-Z.]{10,80}):([0-9A-Z-]{1,64}):([0-9A-F]{64}):([0-9A-F]{128})$/;

/**
 * The QR payload of a signed licence: `TBL1:<identifier>:<key id>:<digest>:<signature>`, hex in capitals, so the
 * whole text stays in the QR alphanumeric mode (digits, capitals, `.`, `:`, `-`) and fits a version-10 code.
 */
export function formatQrPayload(payload: QrPayload): string {
  return [QR_PREFIX, payload.identifier, payload.keyId, payload.digest.toUpperCase(), payload.signature.toUpperCase()].join(':');
}

/** Parses a QR payload, or undefined when it is not one. */
export function parseQrPayload(text: string): QrPayload | undefined {
  const match = QR_SHAPE.exec(text.trim());
  if (!match) return undefined;
  return { identifier: match[1]!, keyId: match[2]!, digest: match[3]!.toLowerCase(), signature: match[4]!.toLowerCase() };
}
