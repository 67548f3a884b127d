import { describe, expect, it } from 'vitest';
import { canonicalJson, formatQrPayload, licenceDigest, parseQrPayload, signedContentBytes, type SignedLicenceContent } from './canonical';

const content: SignedLicenceContent = {
  identifier: '1.2.156.3005.2.111000000001001324001.11449900MB002001XL.20.001.9',
  typeCode: '111000000001001324001',
  holder: { kind: 'organisation', name: '江屿市云帆餐饮管理有限公司', idNumber: '91449902MA5G2X1Y6D' },
  issuer: { name: '江屿市市场监督管理局', creditCode: '11449900MB002001XL' },
  issuedOn: '2019-04-01',
  data: { name: '江屿市云帆餐饮管理有限公司', registeredCapital: 100 },
  keyId: '11449900MB002001XL-20261124-1',
};

describe('canonicalJson (RFC 8785 for licence values)', () => {
  it('sorts members by name at every depth and drops whitespace and undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, e: undefined })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('escapes strings as JSON.stringify does and keeps non-ASCII text as is', () => {
    expect(canonicalJson({ k: 'a"b\\c\n王' })).toBe('{"k":"a\\"b\\\\c\\n王"}');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });
});

describe('licence digest', () => {
  it('is the same whatever order the fields and data members come in', () => {
    const reordered = { ...content, data: { registeredCapital: 100, name: '江屿市云帆餐饮管理有限公司' }, number: null };
    expect(licenceDigest(reordered)).toBe(licenceDigest(content));
    expect(signedContentBytes(content).toString('utf8')).toMatch(/^\{"data":\{"name":/);
  });

  it('changes when any covered field changes', () => {
    expect(licenceDigest({ ...content, holder: { ...content.holder, name: '别的公司' } })).not.toBe(licenceDigest(content));
    expect(licenceDigest({ ...content, validUntil: '2030-01-01' })).not.toBe(licenceDigest(content));
    expect(licenceDigest({ ...content, keyId: 'OTHER-1' })).not.toBe(licenceDigest(content));
  });
});

describe('QR payload', () => {
  it('round-trips and stays in the QR alphanumeric character set', () => {
    const payload = { identifier: content.identifier, keyId: content.keyId, digest: 'ab'.repeat(32), signature: 'cd'.repeat(64) };
    const text = formatQrPayload(payload);
    expect(text).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
    expect(parseQrPayload(text)).toEqual(payload);
  });

  it('is undefined for text that is not a payload', () => {
    expect(parseQrPayload('https://example.org/licence/1')).toBeUndefined();
    expect(parseQrPayload(`TBL1:${content.identifier}:K:${'A'.repeat(63)}:${'B'.repeat(128)}`)).toBeUndefined();
  });
});
