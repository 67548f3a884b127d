import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { AppError } from '../../errors/catalogue';
import { DEFAULT_USER_ID, generateKeyPair, publicKeyOf, type KeyPairHex } from './sm2';
import { chinaDate } from './store';

/** A signing key's public half, as verification needs it. */
export interface VerificationKey {
  keyId: string;
  issuerCreditCode: string;
  publicKey: string;
  userId: string;
  status: 'active' | 'retired' | 'compromised';
  validFrom: Date;
  validUntil: Date | null;
}

/** A key that can sign now. */
export interface SigningKey extends VerificationKey {
  pair: KeyPairHex;
}

/** Where private keys come from. */
export interface KeyRingOptions {
  /**
   * Private keys by key id (hex), from configuration: `TONGBAN_LICENCE_SIGNING_KEYS` (JSON object) or the JSON file
   * named by `TONGBAN_LICENCE_SIGNING_KEYS_FILE`. Production keeps them here (or behind an HSM), never in the database.
   */
  privateKeys?: Record<string, string>;
  /**
   * Development: generate a key for an issuer that has none, and keep its private half in `signing_key.private_key`.
   * Off in production (`NODE_ENV=production`), where an issuer without a configured key cannot sign.
   */
  generateKeys?: boolean;
  clock?: () => Date;
}

/** Reads the key ring's options from the environment (docs/licences.md, "Keys"). */
export function keyRingOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): KeyRingOptions {
  let privateKeys: Record<string, string> = {};
  if (env.TONGBAN_LICENCE_SIGNING_KEYS) privateKeys = JSON.parse(env.TONGBAN_LICENCE_SIGNING_KEYS) as Record<string, string>;
  else if (env.TONGBAN_LICENCE_SIGNING_KEYS_FILE) privateKeys = JSON.parse(readFileSync(env.TONGBAN_LICENCE_SIGNING_KEYS_FILE, 'utf8')) as Record<string, string>;
  const generate = env.TONGBAN_LICENCE_GENERATE_KEYS ? env.TONGBAN_LICENCE_GENERATE_KEYS === 'true' : env.NODE_ENV !== 'production';
  return { privateKeys, generateKeys: generate };
}

interface KeyRow {
  key_id: string;
  issuer_credit_code: string;
  public_key: string;
  private_key: string | null;
  user_id: string;
  status: VerificationKey['status'];
  valid_from: Date;
  valid_until: Date | null;
}

const toVerificationKey = (row: KeyRow): VerificationKey => ({
  keyId: row.key_id,
  issuerCreditCode: row.issuer_credit_code,
  publicKey: row.public_key,
  userId: row.user_id,
  status: row.status,
  validFrom: row.valid_from,
  validUntil: row.valid_until,
});

/**
 * The SM2 keys of the issuers (one active signing key per issuer credit code, any number of retired ones kept for
 * verification). Rotation retires the active key and creates the next; licences signed with a retired key stay
 * verifiable, because verification looks the key up by the id the licence carries.
 */
export class KeyRing {
  private readonly publicKeys = new Map<string, VerificationKey>();
  private readonly clock: () => Date;

  constructor(private readonly knex: Knex, private readonly options: KeyRingOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** The active signing key of an issuer, generated on first use in development. */
  async signingKey(trx: Knex.Transaction, issuerCreditCode: string): Promise<SigningKey> {
    let row = await this.activeRow(trx, issuerCreditCode);
    if (!row) {
      if (!this.options.generateKeys) throw new AppError('TB_LICENCE_SIGNING_KEY_UNAVAILABLE', { params: { issuer: issuerCreditCode } });
      row = await this.createKey(trx, issuerCreditCode);
    }
    const privateKey = this.options.privateKeys?.[row.key_id] ?? (this.options.generateKeys ? row.private_key : null);
    if (!privateKey) throw new AppError('TB_LICENCE_SIGNING_KEY_UNAVAILABLE', { params: { issuer: issuerCreditCode } });
    return { ...toVerificationKey(row), pair: { privateKey, publicKey: row.public_key } };
  }

  /** A key by id for verification (cached; keys never change except by status). */
  async verificationKey(keyId: string, knex: Knex | Knex.Transaction = this.knex): Promise<VerificationKey | undefined> {
    const cached = this.publicKeys.get(keyId);
    if (cached && cached.status !== 'active') return cached;
    const row = (await knex('signing_key').where({ key_id: keyId }).first()) as KeyRow | undefined;
    if (!row) return undefined;
    const key = toVerificationKey(row);
    this.publicKeys.set(keyId, key);
    return key;
  }

  /** Every key (public halves), newest first. */
  async list(issuerCreditCode?: string): Promise<VerificationKey[]> {
    const query = this.knex('signing_key').orderBy([{ column: 'issuer_credit_code' }, { column: 'valid_from', order: 'desc' }]);
    if (issuerCreditCode) query.where({ issuer_credit_code: issuerCreditCode });
    return ((await query) as KeyRow[]).map(toVerificationKey);
  }

  /**
   * Rotates an issuer's key: the active one is retired (it signs no more, and verifies for ever) and a new one is
   * made — generated in development, or the configured private key `privateKey` (hex) in production.
   */
  async rotate(issuerCreditCode: string, privateKey?: string): Promise<VerificationKey> {
    return this.knex.transaction(async (trx) => {
      const now = this.clock();
      await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`signing_key:${issuerCreditCode}`]);
      const current = await this.activeRow(trx, issuerCreditCode);
      if (current) {
        await trx('signing_key').where({ key_id: current.key_id }).update({ status: 'retired', valid_until: now });
        this.publicKeys.delete(current.key_id);
      }
      if (!privateKey && !this.options.generateKeys) throw new AppError('TB_LICENCE_SIGNING_KEY_UNAVAILABLE', { params: { issuer: issuerCreditCode } });
      return toVerificationKey(await this.createKey(trx, issuerCreditCode, privateKey));
    });
  }

  private async activeRow(trx: Knex | Knex.Transaction, issuerCreditCode: string): Promise<KeyRow | undefined> {
    return (await trx('signing_key').where({ issuer_credit_code: issuerCreditCode, status: 'active' }).first()) as KeyRow | undefined;
  }

  private async createKey(trx: Knex.Transaction, issuerCreditCode: string, configuredPrivateKey?: string): Promise<KeyRow> {
    // Two first issues for one issuer at once: the advisory lock makes the second wait and then find the key.
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`signing_key:${issuerCreditCode}`]);
    const existing = await this.activeRow(trx, issuerCreditCode);
    if (existing) return existing;
    const now = this.clock();
    const pair = configuredPrivateKey ? { privateKey: configuredPrivateKey, publicKey: publicKeyOf(configuredPrivateKey) } : generateKeyPair();
    const count = Number(((await trx('signing_key').where({ issuer_credit_code: issuerCreditCode }).count({ n: '*' }).first()) as { n: string | number }).n);
    const row: KeyRow = {
      key_id: `${issuerCreditCode}-${chinaDate(now).replaceAll('-', '')}-${count + 1}`,
      issuer_credit_code: issuerCreditCode,
      public_key: pair.publicKey,
      // A configured key's private half stays in configuration.
      private_key: configuredPrivateKey ? null : pair.privateKey,
      user_id: DEFAULT_USER_ID,
      status: 'active',
      valid_from: now,
      valid_until: null,
    };
    await trx('signing_key').insert({ ...row, algorithm: 'SM2-SM3', created_at: now });
    if (configuredPrivateKey) this.options.privateKeys = { ...(this.options.privateKeys ?? {}), [row.key_id]: configuredPrivateKey };
    return row;
  }
}
