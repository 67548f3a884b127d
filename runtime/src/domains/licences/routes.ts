import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors/catalogue';
import { requirePrincipal, requireRole, type Principal } from '../../plugins/auth';
import { isStaff } from '../applications/access';
import type { LicenceImporter} from './import';
import { type ImportReport } from './import';
import { licenceView, type LicenceService } from './service';
import { findLicence, holderLicences, type LicenceRow } from './store';

const errorRef = { $ref: 'https://schemas.tongban.dev/v1/error.json#' } as const;
const identifierParam = { type: 'string', minLength: 20, maxLength: 100, pattern: '^1\\.2\\.156\\.3005\\.2\\.[0-9A-Z.]+$' } as const;
const typeCode = { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}[0-9]{3}$' } as const;
const holderId = { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{17}[0-9A-HJ-NPQRTUWXY]$' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const bilingual = { type: 'object', additionalProperties: false, required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } } as const;

const licenceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['identifier', 'typeCode', 'holder', 'issuer', 'issuedOn', 'status', 'data', 'source'],
  properties: {
    identifier: { type: 'string' },
    typeCode: { type: 'string' },
    typeName: { type: 'string' },
    number: nullableString,
    holder: { type: 'object', additionalProperties: false, properties: { kind: { type: 'string' }, name: { type: 'string' }, idNumber: { type: 'string' } } },
    issuer: { type: 'object', additionalProperties: false, properties: { name: { type: 'string' }, creditCode: { type: 'string' }, departmentCode: nullableString } },
    issuedOn: { type: 'string' },
    validFrom: nullableString,
    validUntil: nullableString,
    status: { type: 'string', enum: ['valid', 'suspended', 'revoked', 'expired'] },
    data: { type: 'object', additionalProperties: true },
    source: { type: 'string' },
    signature: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: { algorithm: { type: 'string' }, keyId: { type: 'string' }, value: { type: 'string' }, digest: nullableString, signedAt: nullableString },
    },
  },
} as const;

const verificationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['result', 'reason', 'checkedAt'],
  properties: {
    result: { type: 'string', enum: ['valid', 'revoked', 'expired', 'suspended', 'tampered', 'unknown'] },
    reason: bilingual,
    checkedAt: { type: 'string' },
    identifier: { type: 'string' },
    signed: { type: 'boolean' },
    keyId: { type: 'string' },
    licence: {
      type: 'object',
      additionalProperties: false,
      properties: {
        identifier: { type: 'string' }, typeCode: { type: 'string' }, typeName: { type: 'string' }, holderName: { type: 'string' },
        holderIdNumber: { type: 'string' }, issuerName: { type: 'string' }, issuedOn: { type: 'string' }, validFrom: nullableString,
        validUntil: nullableString, status: { type: 'string' },
      },
    },
  },
} as const;

const importReportSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    importId: { type: 'string' }, status: { type: 'string' }, alreadyImported: { type: 'boolean' }, mode: { type: 'string' },
    resumedFromLine: { type: 'integer' }, lineNumber: { type: 'integer' }, byteOffset: { type: 'integer' }, inserted: { type: 'integer' },
    duplicates: { type: 'integer' }, rejected: { type: 'integer' }, runLines: { type: 'integer' }, runBytes: { type: 'integer' },
    elapsedMs: { type: 'number' },
    firstRejects: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          line: { type: 'integer' },
          identifier: { type: 'string' },
          record: { type: 'string' },
          problems: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { path: { type: 'string' }, reason: { type: 'string' } } } },
        },
      },
    },
  },
} as const;

const keySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    keyId: { type: 'string' }, issuerCreditCode: { type: 'string' }, algorithm: { type: 'string' }, publicKey: { type: 'string' },
    userId: { type: 'string' }, status: { type: 'string' }, validFrom: { type: 'string' }, validUntil: nullableString,
  },
} as const;

/** Whether the principal may read a licence: its holder, staff, supervisors and administrators. */
function canRead(principal: Principal, licence: Pick<LicenceRow, 'holder_id_number'>): boolean {
  return principal.idNumber === licence.holder_id_number || principal.creditCode === licence.holder_id_number
    || isStaff(principal) || principal.roles.includes('admin') || principal.roles.includes('supervisor');
}

/** Options of {@link licenceRoutes}. */
export interface LicenceRouteOptions {
  service: LicenceService;
  importer: LicenceImporter;
  /** Folder for the rejects files of API imports. */
  dataDir: string;
}

/**
 * The licence library's API (issue #7): the holder's licences, lookups for staff, verification (核验) by
 * identifier or QR payload, QR payloads, status changes with audit, public keys and their rotation, and batch
 * imports streamed by issuing departments.
 */
export async function licenceRoutes(app: FastifyInstance, options: LicenceRouteOptions): Promise<void> {
  const { service, importer } = options;
  // Import bodies are streamed to the importer as they arrive, never buffered.
  app.addContentTypeParser(['application/x-ndjson', 'application/jsonl', 'text/csv'], (_request, payload, done) => done(null, payload));

  app.get('/licences/mine', {
    schema: {
      tags: ['licences'],
      summary: "The caller's valid licences (of a type), to pre-fill reused materials",
      querystring: { type: 'object', additionalProperties: false, properties: { typeCode } },
      response: { 200: { type: 'object', additionalProperties: false, required: ['licences'], properties: { licences: { type: 'array', items: licenceSchema } } }, 401: errorRef },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const holder = principal.creditCode ?? principal.idNumber;
    if (!holder) return { licences: [] };
    const { typeCode: type } = request.query as { typeCode?: string };
    const [rows, types] = await Promise.all([service.validLicencesOf(holder, type), service.licenceTypes()]);
    const today = service.today();
    return { licences: rows.map((row) => licenceView(row, today, types.get(row.type_code)?.name)) };
  });

  app.get('/licences', {
    schema: {
      tags: ['licences'],
      summary: "A holder's licences (staff): all, or only those valid now",
      querystring: {
        type: 'object',
        additionalProperties: false,
        required: ['holderIdNumber'],
        properties: { holderIdNumber: holderId, typeCode, valid: { type: 'boolean', default: false }, limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
      },
      response: { 200: { type: 'object', additionalProperties: false, required: ['licences'], properties: { licences: { type: 'array', items: licenceSchema } } }, 400: errorRef, 401: errorRef, 403: errorRef },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    if (!isStaff(principal) && !principal.roles.includes('admin') && !principal.roles.includes('supervisor')) {
      throw new AppError('TB_AUTH_FORBIDDEN', { params: { reason: { zh: '仅限工作人员查询证照库', en: 'staff only' } } });
    }
    const query = request.query as { holderIdNumber: string; typeCode?: string; valid?: boolean; limit?: number };
    const today = service.today();
    const rows = await holderLicences(service.knex, query.holderIdNumber, {
      ...(query.typeCode ? { typeCode: query.typeCode } : {}), ...(query.valid ? { validAsOf: today } : {}), limit: query.limit ?? 50,
    });
    return { licences: rows.map((row) => licenceView(row, today)) };
  });

  app.get('/licences/keys', {
    schema: {
      tags: ['licences'],
      summary: 'The public SM2 keys of the issuers (active and retired), for offline verification',
      querystring: { type: 'object', additionalProperties: false, properties: { issuerCreditCode: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' } } },
      response: { 200: { type: 'object', additionalProperties: false, properties: { keys: { type: 'array', items: keySchema } } }, 400: errorRef },
    },
  }, async (request) => {
    const { issuerCreditCode } = request.query as { issuerCreditCode?: string };
    const keys = await service.keys.list(issuerCreditCode);
    return {
      keys: keys.map((key) => ({
        keyId: key.keyId, issuerCreditCode: key.issuerCreditCode, algorithm: 'SM2-SM3', publicKey: key.publicKey, userId: key.userId, status: key.status,
        validFrom: key.validFrom.toISOString(), validUntil: key.validUntil?.toISOString() ?? null,
      })),
    };
  });

  app.post('/licences/keys/rotate', {
    schema: {
      tags: ['licences'],
      summary: "Rotate an issuer's signing key (the old one keeps verifying)",
      body: { type: 'object', additionalProperties: false, required: ['issuerCreditCode'], properties: { issuerCreditCode: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' } } },
      response: { 200: keySchema, 400: errorRef, 401: errorRef, 403: errorRef, 503: errorRef },
    },
  }, async (request) => {
    requireRole(request, 'admin');
    const { issuerCreditCode } = request.body as { issuerCreditCode: string };
    const key = await service.keys.rotate(issuerCreditCode);
    return {
      keyId: key.keyId, issuerCreditCode: key.issuerCreditCode, algorithm: 'SM2-SM3', publicKey: key.publicKey, userId: key.userId, status: key.status,
      validFrom: key.validFrom.toISOString(), validUntil: null,
    };
  });

  app.post('/licences/verify', {
    config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
    schema: {
      tags: ['licences'],
      summary: 'Verify (核验) a licence by identifier or by the payload of its QR code; no login needed',
      body: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        maxProperties: 1,
        properties: { identifier: identifierParam, payload: { type: 'string', minLength: 1, maxLength: 400 } },
      },
      response: { 200: verificationSchema, 400: errorRef, 429: errorRef },
    },
  }, async (request) => service.verify(request.body as { identifier?: string; payload?: string }));

  app.post('/licence-imports', {
    schema: {
      tags: ['licences'],
      summary: 'Import a batch of licence records (JSON Lines or CSV, streamed); resend the same batch key to resume',
      querystring: {
        type: 'object',
        additionalProperties: false,
        required: ['batch'],
        properties: {
          batch: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,100}$', description: 'The batch key; the same key resumes an interrupted import' },
          format: { type: 'string', enum: ['jsonl', 'csv'] },
        },
      },
      response: { 200: importReportSchema, 400: errorRef, 401: errorRef, 403: errorRef, 409: errorRef, 415: errorRef },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const admin = principal.roles.includes('admin');
    if (!admin && !(isStaff(principal) && principal.departmentCode)) {
      throw new AppError('TB_AUTH_FORBIDDEN', { params: { reason: { zh: '仅限发证部门工作人员导入证照', en: 'only staff of an issuing department import licences' } } });
    }
    const query = request.query as { batch: string; format?: 'jsonl' | 'csv' };
    const contentType = String(request.headers['content-type'] ?? '');
    const format = query.format ?? (contentType.startsWith('text/csv') ? 'csv' : 'jsonl');
    const body = request.body as Readable | undefined;
    if (!body || typeof (body as Readable).pipe !== 'function') throw new AppError('TB_REQUEST_UNSUPPORTED_MEDIA_TYPE');
    const folder = path.join(options.dataDir, 'licence-imports');
    mkdirSync(folder, { recursive: true });
    const sourceKey = `api:${principal.id}:${query.batch}`;
    const report: ImportReport = await importer.run({
      sourceKey,
      sourceName: `${principal.id}/${query.batch}`,
      open: async ({ lineNumber }) => ({ stream: body, skipLines: lineNumber }),
    }, {
      format,
      actor: principal.id,
      rejectsPath: path.join(folder, `${principal.id.replace(/[^A-Za-z0-9._-]/g, '_')}-${query.batch}.rejects.jsonl`),
      ...(admin ? {} : { department: principal.departmentCode! }),
    });
    // The body may not have been read to the end (an already completed batch): drain it so the reply can go.
    body.resume();
    return report;
  });

  app.get('/licences/:identifier', {
    schema: {
      tags: ['licences'],
      summary: 'A licence (its holder, staff, supervisors)',
      params: { type: 'object', additionalProperties: false, required: ['identifier'], properties: { identifier: identifierParam } },
      response: { 200: licenceSchema, 401: errorRef, 403: errorRef, 404: errorRef },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const { identifier } = request.params as { identifier: string };
    const row = await findLicence(service.knex, identifier);
    if (!row || !canRead(principal, row)) throw new AppError('TB_LICENCE_NOT_FOUND', { params: { identifier } });
    return licenceView(row, service.today(), (await service.licenceTypes()).get(row.type_code)?.name);
  });

  app.get('/licences/:identifier/qr', {
    schema: {
      tags: ['licences'],
      summary: "The QR payload of a licence (`TBL1:<identifier>:<key id>:<digest>:<signature>`); seals an unsigned aggregated licence",
      params: { type: 'object', additionalProperties: false, required: ['identifier'], properties: { identifier: identifierParam } },
      response: { 200: { type: 'object', additionalProperties: false, required: ['payload'], properties: { payload: { type: 'string' } } }, 401: errorRef, 404: errorRef },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const { identifier } = request.params as { identifier: string };
    const row = await findLicence(service.knex, identifier);
    if (!row || !canRead(principal, row)) throw new AppError('TB_LICENCE_NOT_FOUND', { params: { identifier } });
    return { payload: (await service.qrPayload(identifier)).payload };
  });

  app.get('/licences/:identifier/events', {
    schema: {
      tags: ['licences'],
      summary: 'The audit trail of a licence: issue, sealing, suspension, revocation, reinstatement',
      params: { type: 'object', additionalProperties: false, required: ['identifier'], properties: { identifier: identifierParam } },
      response: {
        200: {
          type: 'object',
          additionalProperties: false,
          properties: {
            events: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                properties: { action: { type: 'string' }, fromStatus: nullableString, toStatus: nullableString, reason: nullableString, actor: { type: 'string' }, at: { type: 'string' } },
              },
            },
          },
        },
        401: errorRef, 403: errorRef,
      },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    if (!isStaff(principal) && !principal.roles.includes('admin') && !principal.roles.includes('supervisor')) {
      throw new AppError('TB_AUTH_FORBIDDEN', { params: { reason: { zh: '仅限工作人员', en: 'staff only' } } });
    }
    const { identifier } = request.params as { identifier: string };
    const rows = await service.knex('licence_event').where({ identifier }).orderBy('id');
    return {
      events: rows.map((row: { action: string; from_status: string | null; to_status: string | null; reason: string | null; actor: string; at: Date }) => ({
        action: row.action, fromStatus: row.from_status, toStatus: row.to_status, reason: row.reason, actor: row.actor, at: row.at.toISOString(),
      })),
    };
  });

  for (const action of ['suspend', 'revoke', 'reinstate'] as const) {
    app.post(`/licences/:identifier/${action}`, {
      schema: {
        tags: ['licences'],
        summary: { suspend: 'Suspend (暂扣) a licence', revoke: 'Revoke (撤销/吊销) a licence; final', reinstate: 'Reinstate a suspended licence' }[action],
        params: { type: 'object', additionalProperties: false, required: ['identifier'], properties: { identifier: identifierParam } },
        body: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string', minLength: 2, maxLength: 1000 } } },
        response: { 200: licenceSchema, 400: errorRef, 401: errorRef, 403: errorRef, 404: errorRef, 409: errorRef },
      },
    }, async (request) => {
      const principal = requirePrincipal(request);
      const { identifier } = request.params as { identifier: string };
      const { reason } = request.body as { reason: string };
      const current = await findLicence(service.knex, identifier);
      if (!current) throw new AppError('TB_LICENCE_NOT_FOUND', { params: { identifier } });
      const issuerStaff = principal.roles.includes('decider') && principal.departmentCode !== undefined && principal.departmentCode === current.issuer_department_code;
      if (!principal.roles.includes('admin') && !issuerStaff) {
        throw new AppError('TB_AUTH_FORBIDDEN', { params: { reason: { zh: '仅限发证部门负责人或系统管理员', en: 'only a decider of the issuing department or an administrator' } } });
      }
      const row = await service.changeStatus(identifier, action, reason, principal.id);
      return licenceView(row, service.today());
    });
  }
}
