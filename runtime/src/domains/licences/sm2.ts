import { createHash } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';

/**
 * SM2 signatures with SM3 digests (GB/T 32918.2 / GM/T 0003.2, GB/T 32905 / GM/T 0004) over the licence digests.
 *
 * The curve arithmetic and the signature scheme come from `sm-crypto-v2` (on the audited `@noble/curves`); SM3
 * comes from Node's OpenSSL. Tests check both against the published vectors of GM/T 0003.5 Annex A and GM/T 0004
 * and against a second, independent implementation (`sm-crypto`).
 */

/** The default signer distinguishing identifier of GM/T 0009 (used in Z when no other is agreed). */
export const DEFAULT_USER_ID = '1234567812345678';

/** An SM2 key pair as hex: the private scalar (64) and the uncompressed public point `04‖x‖y` (130). */
export interface KeyPairHex {
  privateKey: string;
  publicKey: string;
}

/** SM3 of bytes, as 64 lowercase hex digits. */
export function sm3Hex(data: Uint8Array | string): string {
  return createHash('sm3').update(data).digest('hex');
}

/** A fresh key pair from the platform's CSPRNG. */
export function generateKeyPair(): KeyPairHex {
  const pair = sm2.generateKeyPairHex();
  return { privateKey: pair.privateKey.padStart(64, '0'), publicKey: pair.publicKey };
}

/** The public point of a private key (uncompressed hex). */
export function publicKeyOf(privateKey: string): string {
  return sm2.getPublicKeyFromPrivateKey(privateKey);
}

/**
 * Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), the hash of the signer's identity and public key that
 * GB/T 32918.2 §5.5 prepends to the message. Returned as hex.
 */
export function zValue(publicKey: string, userId = DEFAULT_USER_ID): string {
  return Buffer.from(sm2.getZ(publicKey, userId)).toString('hex');
}

/**
 * Signs `message` (bytes) with SM2: e = SM3(Z ‖ message), signature (r, s) as 128 hex digits `r‖s`.
 * `k` fixes the ephemeral scalar for known-answer tests only; never pass it otherwise.
 */
export function sm2Sign(message: Uint8Array, key: KeyPairHex, options: { userId?: string; k?: bigint } = {}): string {
  const pointPool = options.k === undefined ? undefined : [fixedPoint(options.k)];
  const signature = sm2.doSignature(message, key.privateKey, {
    hash: true,
    publicKey: key.publicKey,
    userId: options.userId ?? DEFAULT_USER_ID,
    ...(pointPool ? { pointPool } : {}),
  });
  return signature.padStart(128, '0');
}

const precomputed = new Map<string, ReturnType<typeof sm2.precomputePublicKey>>();

/** The order n of the SM2 recommended curve (GB/T 32918.5). */
const CURVE_ORDER = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

/**
 * Verifies an SM2 signature `r‖s` (128 hex digits) of `message` under `publicKey` and `userId`, with the range
 * checks of GB/T 32918.2 §7.1 B1–B2 (r, s in [1, n−1]). Public keys are precomputed once per process (a few
 * verification keys serve millions of licences).
 */
export function sm2Verify(message: Uint8Array, signature: string, publicKey: string, userId = DEFAULT_USER_ID): boolean {
  if (!/^[0-9a-f]{128}$/i.test(signature)) return false;
  const r = BigInt(`0x${signature.slice(0, 64)}`);
  const s = BigInt(`0x${signature.slice(64)}`);
  if (r < 1n || r >= CURVE_ORDER || s < 1n || s >= CURVE_ORDER) return false;
  try {
    let point = precomputed.get(publicKey);
    if (!point) {
      if (!sm2.verifyPublicKey(publicKey)) return false;
      point = sm2.precomputePublicKey(publicKey);
      if (precomputed.size > 1000) precomputed.clear();
      precomputed.set(publicKey, point);
    }
    return sm2.doVerifySignature(message, signature.toLowerCase(), point, { hash: true, userId });
  } catch {
    return false;
  }
}

/** The ephemeral point of a fixed k (tests of the published vector). */
function fixedPoint(k: bigint): { k: bigint; x1: bigint } {
  const hex = sm2.getPublicKeyFromPrivateKey(k.toString(16).padStart(64, '0'));
  return { k, x1: BigInt(`0x${hex.slice(2, 66)}`) };
}
