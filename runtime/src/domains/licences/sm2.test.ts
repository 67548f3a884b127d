import { createHash } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_USER_ID, generateKeyPair, publicKeyOf, sm2Sign, sm2Verify, sm3Hex, zValue } from './sm2';

// GM/T 0003.5-2012 (GB/T 32918.5-2017) Annex A: the signature example on the recommended curve.
const VECTOR = {
  privateKey: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
  publicKey: '04'
    + '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020'
    + 'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  message: Buffer.from('message digest'),
  userId: '1234567812345678',
  k: 0x59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21n,
  z: 'b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3',
  e: 'f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640',
  r: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3',
  s: 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
};

// GB/T 32918.5 recommended curve parameters, for an independent computation of Z.
const CURVE = {
  a: 'fffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffc',
  b: '28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93',
  gx: '32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7',
  gy: 'bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0',
};

describe('SM3 (GM/T 0004-2012 Appendix A)', () => {
  it('hashes "abc" to the example 1 digest', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('hashes the 64-byte "abcd…" message to the example 2 digest', () => {
    expect(sm3Hex('abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });
});

describe('SM2 signature (GM/T 0003.5 Annex A)', () => {
  it('derives the published public key from the private key', () => {
    expect(publicKeyOf(VECTOR.privateKey)).toBe(VECTOR.publicKey);
  });

  it('computes the published Z value, and the same Z as an independent computation from the curve parameters', () => {
    // Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), ENTL the bit length of ID on two bytes (GB/T 32918.2 §5.5).
    const id = Buffer.from(VECTOR.userId);
    const independent = createHash('sm3').update(Buffer.concat([
      Buffer.from([(id.length * 8) >> 8, (id.length * 8) & 0xff]), id,
      Buffer.from(CURVE.a + CURVE.b + CURVE.gx + CURVE.gy + VECTOR.publicKey.slice(2), 'hex'),
    ])).digest('hex');
    expect(independent).toBe(VECTOR.z);
    expect(zValue(VECTOR.publicKey, VECTOR.userId)).toBe(VECTOR.z);
    expect(sm3Hex(Buffer.concat([Buffer.from(VECTOR.z, 'hex'), VECTOR.message]))).toBe(VECTOR.e);
  });

  it('produces the published signature (r, s) with the published k', () => {
    const signature = sm2Sign(VECTOR.message, VECTOR, { userId: VECTOR.userId, k: VECTOR.k });
    expect(signature).toBe(VECTOR.r + VECTOR.s);
  });

  it('accepts the published signature and refuses it for another message, identity, or a flipped bit', () => {
    expect(sm2Verify(VECTOR.message, VECTOR.r + VECTOR.s, VECTOR.publicKey, VECTOR.userId)).toBe(true);
    expect(sm2Verify(Buffer.from('message digesT'), VECTOR.r + VECTOR.s, VECTOR.publicKey, VECTOR.userId)).toBe(false);
    expect(sm2Verify(VECTOR.message, VECTOR.r + VECTOR.s, VECTOR.publicKey, 'ALICE123@YAHOO.COM')).toBe(false);
    const flipped = VECTOR.r + VECTOR.s.slice(0, 63) + (VECTOR.s.endsWith('a') ? 'b' : 'a');
    expect(sm2Verify(VECTOR.message, flipped, VECTOR.publicKey, VECTOR.userId)).toBe(false);
  });

  it('refuses r or s outside [1, n−1] (GB/T 32918.2 §7.1 B1–B2)', () => {
    const n = 'fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123';
    expect(sm2Verify(VECTOR.message, '0'.repeat(64) + VECTOR.s, VECTOR.publicKey)).toBe(false);
    expect(sm2Verify(VECTOR.message, VECTOR.r + n, VECTOR.publicKey)).toBe(false);
    expect(sm2Verify(VECTOR.message, 'zz', VECTOR.publicKey)).toBe(false);
  });
});

describe('SM2 against an independent implementation (sm-crypto)', () => {
  it('signs what sm-crypto verifies, and verifies what sm-crypto signs, with the default identity', () => {
    const key = generateKeyPair();
    const digest = Buffer.from(sm3Hex('licence content'), 'hex');
    const ours = sm2Sign(digest, key);
    expect(smCrypto.sm2.doVerifySignature(Array.from(digest), ours, key.publicKey, { hash: true, userId: DEFAULT_USER_ID })).toBe(true);
    const theirs = smCrypto.sm2.doSignature(Array.from(digest), key.privateKey, { hash: true, publicKey: key.publicKey });
    expect(sm2Verify(digest, theirs, key.publicKey)).toBe(true);
    expect(sm2Verify(Buffer.from(sm3Hex('other content'), 'hex'), theirs, key.publicKey)).toBe(false);
  });

  it('agrees with sm-crypto on the published vector', () => {
    expect(smCrypto.sm2.doVerifySignature(Array.from(VECTOR.message), VECTOR.r + VECTOR.s, VECTOR.publicKey, { hash: true, userId: VECTOR.userId })).toBe(true);
    expect(smCrypto.sm3('abc')).toBe(sm3Hex('abc'));
  });
});
