import type { Knex } from 'knex';
import { createAjv } from '@tongban/schemas';
import { maskResidentId } from '@tongban/gov-codes';
import { AppError } from '../../errors/catalogue';
import { licenceDigest, parseQrPayload, formatQrPayload } from './canonical';
import type { KeyRing } from './keys';
import { sm2Sign, sm2Verify } from './sm2';
import {
  chinaDate, effectiveStatus, findLicence, holderLicences, listLicenceTypes, signedContentOf, type EffectiveStatus, type LicenceRow,
  type LicenceTypeRow,
} from './store';

/** A compiled Ajv validator (the schemas package owns the Ajv dependency). */
export type ValidateFunction = ReturnType<ReturnType<typeof createAjv>['compile']>;

/** A licence type with its data validator, compiled once. */
export interface LicenceType extends LicenceTypeRow {
  validateData: ValidateFunction;
}

/** Outcomes of a verification (核验). */
export type VerificationResult = 'valid' | 'revoked' | 'expired' | 'suspended' | 'tampered' | 'unknown';

/** What the verification API answers. */
export interface Verification {
  result: VerificationResult;
  reason: { zh: string; en: string };
  checkedAt: string;
  identifier?: string;
  signed?: boolean;
  keyId?: string;
  licence?: {
    identifier: string;
    typeCode: string;
    typeName: string;
    holderName: string;
    holderIdNumber: string;
    issuerName: string;
    issuedOn: string;
    validFrom: string | null;
    validUntil: string | null;
    status: EffectiveStatus;
  };
}

/** The public view of a licence (for its holder and for staff). */
export function licenceView(row: LicenceRow, asOf: string, typeName?: string) {
  return {
    identifier: row.identifier,
    typeCode: row.type_code,
    ...(typeName ? { typeName } : {}),
    number: row.number,
    holder: { kind: row.holder_kind, name: row.holder_name, idNumber: row.holder_id_number },
    issuer: { name: row.issuer_name, creditCode: row.issuer_credit_code, departmentCode: row.issuer_department_code },
    issuedOn: row.issued_on,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    status: effectiveStatus(row, asOf),
    data: row.data,
    source: row.source,
    signature: row.signature && row.key_id ? { algorithm: 'SM2-SM3', keyId: row.key_id, value: row.signature, digest: row.digest, signedAt: row.signed_at?.toISOString() ?? null } : null,
  };
}

const maskName = (name: string) => (name.length <= 1 ? name : `${name[0]}${'*'.repeat(Math.min(name.length - 1, 3))}`);

const REASONS: Record<string, { zh: string; en: string }> = {
  valid: { zh: '证照真实有效', en: 'The licence is authentic and valid' },
  validUnsigned: { zh: '证照库记录有效（归集证照，尚未加签）', en: 'The library record is valid (an aggregated licence not yet signed)' },
  revoked: { zh: '证照已被撤销', en: 'The licence has been revoked' },
  suspended: { zh: '证照已被暂扣（中止）', en: 'The licence is suspended' },
  notYet: { zh: '证照尚未生效', en: 'The licence is not yet in force' },
  unknown: { zh: '证照库中没有该证照', en: 'No such licence in the library' },
  tamperedData: { zh: '证照内容与签名不符，可能被篡改', en: 'The licence content does not match its signature; it may have been tampered with' },
  tamperedQr: { zh: '二维码内容与证照库记录不符', en: 'The QR code does not match the library record' },
  forgedQr: { zh: '二维码签名无效', en: 'The QR code signature is invalid' },
  keyUnknown: { zh: '签名密钥不存在', en: 'The signing key is unknown' },
  keyCompromised: { zh: '签名密钥已被注销（泄露），签名不可信', en: 'The signing key is compromised; the signature cannot be trusted' },
  unsignedQr: { zh: '该证照尚未加签，不能凭二维码核验', en: 'The licence is not signed, so no QR code can vouch for it' },
};

/**
 * The licence library: types, issuance with SM2 signatures, sealing of aggregated records, verification and the
 * status changes (suspend, revoke, reinstate) with their audit trail.
 */
export class LicenceService {
  readonly keys: KeyRing;
  private types: Promise<Map<string, LicenceType>> | undefined;

  constructor(readonly knex: Knex, keys: KeyRing, readonly clock: () => Date = () => new Date()) {
    this.keys = keys;
  }

  /** Licence types by code, with their data validators (Ajv 2020, compiled once per process). */
  async licenceTypes(db: Knex | Knex.Transaction = this.knex): Promise<Map<string, LicenceType>> {
    // Inside a command, read through its transaction: a second connection from the pool, while every connection is
    // held by such a transaction, would wait for ever (pool starvation under load).
    this.types ??= listLicenceTypes(db).then((rows) => {
      const ajv = createAjv();
      return new Map(rows.map((row) => [row.code, { ...row, validateData: ajv.compile(row.document.dataSchema) }]));
    }).catch((error: unknown) => {
      this.types = undefined;
      throw error;
    });
    return this.types;
  }

  /** Forgets the cached types (after the catalogue changed). */
  reloadTypes(): void {
    this.types = undefined;
  }

  /** Today in China Standard Time. */
  today(): string {
    return chinaDate(this.clock());
  }

  /**
   * Signs a licence row's content with its issuer's active key and writes digest, signature and key id. Runs in
   * the caller's transaction (issuance, sealing), so a licence is never visible half-signed.
   */
  async sign(trx: Knex.Transaction, row: LicenceRow): Promise<LicenceRow> {
    const key = await this.keys.signingKey(trx, row.issuer_credit_code);
    const digest = licenceDigest(signedContentOf(row, key.keyId));
    const signature = sm2Sign(Buffer.from(digest, 'hex'), key.pair, { userId: key.userId });
    const signedAt = this.clock();
    await trx('licence').where({ identifier: row.identifier }).update({ digest, signature, key_id: key.keyId, signed_at: signedAt });
    return { ...row, digest, signature, key_id: key.keyId, signed_at: signedAt };
  }

  /**
   * The QR payload of a licence; an aggregated licence not yet signed is sealed first with its issuer's key
   * (the library vouches for what it holds from then on).
   */
  async qrPayload(identifier: string): Promise<{ payload: string; licence: LicenceRow }> {
    return this.knex.transaction(async (trx) => {
      let row = await findLicence(trx, identifier, 'update');
      if (!row) throw new AppError('TB_LICENCE_NOT_FOUND', { params: { identifier } });
      if (!row.signature || !row.key_id || !row.digest) {
        row = await this.sign(trx, row);
        await trx('licence_event').insert({ identifier, action: 'sealed', actor: 'system:licences', at: this.clock() });
      }
      return { payload: formatQrPayload({ identifier, keyId: row.key_id!, digest: row.digest!, signature: row.signature! }), licence: row };
    });
  }

  /**
   * Verifies a licence by identifier or by the payload of its QR code: authenticity (the signature over the
   * digest of the library record, and for a payload its own signature and digest), then status as of now.
   */
  async verify(input: { identifier?: string; payload?: string }): Promise<Verification> {
    const now = this.clock();
    const answer = (result: VerificationResult, reason: keyof typeof REASONS, extra: Partial<Verification> = {}): Verification => ({
      result, reason: REASONS[reason]!, checkedAt: now.toISOString(), ...extra,
    });
    const payload = input.payload !== undefined ? parseQrPayload(input.payload) : undefined;
    if (input.payload !== undefined && !payload) throw new AppError('TB_LICENCE_PAYLOAD_INVALID', { path: '/payload' });
    const identifier = payload?.identifier ?? input.identifier!;
    const row = await findLicence(this.knex, identifier);
    if (!row) return answer('unknown', 'unknown', { identifier });
    const types = await this.licenceTypes();
    const asOf = chinaDate(now);
    const status = effectiveStatus(row, asOf);
    const summary: Verification['licence'] = {
      identifier: row.identifier,
      typeCode: row.type_code,
      typeName: types.get(row.type_code)?.name ?? row.type_code,
      holderName: row.holder_kind === 'person' ? maskName(row.holder_name) : row.holder_name,
      holderIdNumber: row.holder_kind === 'person' ? maskResidentId(row.holder_id_number) : row.holder_id_number,
      issuerName: row.issuer_name,
      issuedOn: row.issued_on,
      validFrom: row.valid_from,
      validUntil: row.valid_until,
      status,
    };
    const signed = Boolean(row.signature && row.key_id && row.digest);
    const base: Partial<Verification> = { identifier, licence: summary, signed, ...(row.key_id ? { keyId: row.key_id } : {}) };
    if (signed) {
      const key = await this.keys.verificationKey(row.key_id!);
      if (!key) return answer('tampered', 'keyUnknown', base);
      if (key.status === 'compromised') return answer('tampered', 'keyCompromised', base);
      const digest = licenceDigest(signedContentOf(row, row.key_id!));
      if (digest !== row.digest || !sm2Verify(Buffer.from(digest, 'hex'), row.signature!, key.publicKey, key.userId)) {
        return answer('tampered', 'tamperedData', base);
      }
      if (payload) {
        const payloadKey = payload.keyId === key.keyId ? key : await this.keys.verificationKey(payload.keyId);
        if (!payloadKey || !sm2Verify(Buffer.from(payload.digest, 'hex'), payload.signature, payloadKey.publicKey, payloadKey.userId)) {
          return answer('tampered', 'forgedQr', base);
        }
        if (payload.digest !== digest) return answer('tampered', 'tamperedQr', base);
      }
    } else if (payload) {
      return answer('tampered', 'unsignedQr', base);
    }
    if (status === 'revoked') return answer('revoked', 'revoked', base);
    if (status === 'suspended') return answer('suspended', 'suspended', base);
    if (status === 'expired') {
      return { ...answer('expired', 'valid', base), reason: { zh: `证照已于 ${row.valid_until} 到期`, en: `The licence expired on ${row.valid_until}` } };
    }
    if (row.valid_from && row.valid_from > asOf) return answer('suspended', 'notYet', base);
    return answer('valid', signed ? 'valid' : 'validUnsigned', base);
  }

  /**
   * Suspends (暂扣), revokes (撤销/吊销) or reinstates a licence, with the reason and the actor in the audit trail.
   * Revocation is final. Runs under the row lock, so it serialises with intakes that verify the same licence.
   */
  async changeStatus(identifier: string, action: 'suspend' | 'revoke' | 'reinstate', reason: string, actor: string): Promise<LicenceRow> {
    return this.knex.transaction(async (trx) => {
      const row = await findLicence(trx, identifier, 'update');
      if (!row) throw new AppError('TB_LICENCE_NOT_FOUND', { params: { identifier } });
      const target = action === 'suspend' ? 'suspended' : action === 'revoke' ? 'revoked' : 'valid';
      const allowed = action === 'reinstate' ? row.status === 'suspended' : row.status === 'valid' || (action === 'revoke' && row.status === 'suspended');
      if (!allowed) {
        throw new AppError('TB_LICENCE_STATUS_CONFLICT', { params: { identifier, status: row.status, action } });
      }
      const now = this.clock();
      await trx('licence').where({ identifier }).update({ status: target, status_changed_at: now });
      await trx('licence_event').insert({ identifier, action: { suspend: 'suspended', revoke: 'revoked', reinstate: 'reinstated' }[action], from_status: row.status, to_status: target, reason, actor, at: now });
      return { ...row, status: target, status_changed_at: now };
    });
  }

  /** A holder's licences valid now (optionally of one type), for the portal and for intake. */
  async validLicencesOf(holderIdNumber: string, typeCode?: string): Promise<LicenceRow[]> {
    return holderLicences(this.knex, holderIdNumber, { validAsOf: this.today(), ...(typeCode ? { typeCode } : {}) });
  }
}
