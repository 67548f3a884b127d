import type { Knex } from 'knex';
import { AppError, type ErrorCode, type ErrorDetail } from '../../errors/catalogue';
import type { SubmissionListener } from '../applications/service';
import type { LicenceService } from './service';
import { chinaDate, effectiveStatus, findLicence, holderLicences, type LicenceRow } from './store';

interface Refusal {
  code: ErrorCode;
  path: string;
  params: Record<string, unknown>;
}

const MESSAGES: Partial<Record<ErrorCode, (p: Record<string, string>) => { zh: string; en: string }>> = {
  TB_LICENCE_REUSE_UNKNOWN: (p) => ({ zh: `证照 ${p.identifier} 不存在`, en: `Licence ${p.identifier} does not exist` }),
  TB_LICENCE_REUSE_TYPE_MISMATCH: (p) => ({ zh: `材料“${p.material}”须为${p.typeName}`, en: `Material "${p.material}" must be a ${p.typeName}` }),
  TB_LICENCE_REUSE_NOT_HOLDER: (p) => ({ zh: `证照 ${p.identifier} 不属于申请人`, en: `Licence ${p.identifier} is not the applicant's` }),
  TB_LICENCE_REUSE_EXPIRED: (p) => ({ zh: `证照 ${p.identifier} 已于 ${p.validUntil} 到期`, en: `Licence ${p.identifier} expired on ${p.validUntil}` }),
  TB_LICENCE_REUSE_REVOKED: (p) => ({ zh: `证照 ${p.identifier} 已被撤销`, en: `Licence ${p.identifier} has been revoked` }),
  TB_LICENCE_REUSE_SUSPENDED: (p) => ({ zh: `证照 ${p.identifier} 已被暂扣或尚未生效`, en: `Licence ${p.identifier} is suspended or not yet in force` }),
  TB_LICENCE_REUSE_CONSENT_REQUIRED: (p) => ({ zh: `使用电子证照“${p.material}”须经申请人授权`, en: `Using a licence for "${p.material}" needs the applicant's consent` }),
  TB_LICENCE_REUSE_NONE_VALID: (p) => ({ zh: `申请人没有有效的${p.typeName}`, en: `The applicant holds no valid ${p.typeName}` }),
};

/**
 * Licence reuse at intake (一次提交，多次复用), run inside the intake transaction after the material rows are
 * written. For each submitted material whose checklist entry comes from a licence type:
 *
 * - with `licenceId` and `consent: true`: the licence must exist, be of the material's type, be held by the applicant
 *   (or, for a person-held type and an organisation applicant, by its declared legal representative), and be valid
 *   as of now (not suspended, revoked, expired or not yet in force);
 * - with `consent: true` and no `licenceId`: the applicant's newest valid licence of the type is chosen;
 * - without consent: refused.
 *
 * Every problem is listed (path `/materials/<index>`); the first decides the code. A satisfied material is marked
 * verified, and a `licence_reuse` row records which licence satisfied which material (supervision counts these).
 * The licence rows are read `FOR SHARE`, so a revocation committing meanwhile waits for the intake, or the intake
 * sees it.
 */
export function licenceReuseListener(service: LicenceService): SubmissionListener {
  return async ({ trx, submission, item, application, now }) => {
    const materials = submission.materials ?? [];
    const checklist = new Map(item.materials.map((material) => [material.id, material]));
    const types = await service.licenceTypes(trx);
    const asOf = chinaDate(now);
    const applicant = submission.applicant as { kind: string; legalRepresentative?: { idNumber: string } };
    const refusals: Refusal[] = [];
    const reused: Array<{ index: number; materialId: string; licence: LicenceRow; auto: boolean }> = [];

    for (const [index, submitted] of materials.entries()) {
      const material = checklist.get(submitted.materialId);
      const typeCode = material?.licenceTypeCode;
      if (!material || !typeCode || (material.source !== 'licence' && !submitted.licenceId)) continue;
      if ((submitted.files?.length ?? 0) > 0 && !submitted.licenceId) continue;
      const path = `/materials/${index}`;
      const type = types.get(typeCode);
      const typeName = type?.name ?? typeCode;
      if (!submitted.licenceId && submitted.consent !== true) continue;
      if (submitted.consent !== true) {
        refusals.push({ code: 'TB_LICENCE_REUSE_CONSENT_REQUIRED', path: `${path}/consent`, params: { material: material.name } });
        continue;
      }
      const holders = [application.applicant_id_number];
      if (type?.holder_kind === 'person' && applicant.kind === 'organisation' && applicant.legalRepresentative) {
        holders.push(applicant.legalRepresentative.idNumber);
      }
      if (!submitted.licenceId) {
        const candidates = (await Promise.all(holders.map((holder) => holderLicences(trx, holder, { typeCode, validAsOf: asOf, limit: 1 })))).flat();
        if (candidates.length === 0) {
          refusals.push({ code: 'TB_LICENCE_REUSE_NONE_VALID', path, params: { typeName } });
          continue;
        }
        const chosen = (await findLicence(trx, candidates[0]!.identifier, 'share'))!;
        reused.push({ index, materialId: material.id, licence: chosen, auto: true });
        continue;
      }
      const identifier = submitted.licenceId;
      const licence = await findLicence(trx, identifier, 'share');
      const licencePath = `${path}/licenceId`;
      if (!licence) {
        refusals.push({ code: 'TB_LICENCE_REUSE_UNKNOWN', path: licencePath, params: { identifier } });
        continue;
      }
      if (licence.type_code !== typeCode) {
        refusals.push({ code: 'TB_LICENCE_REUSE_TYPE_MISMATCH', path: licencePath, params: { material: material.name, typeName, identifier } });
        continue;
      }
      if (!holders.includes(licence.holder_id_number)) {
        refusals.push({ code: 'TB_LICENCE_REUSE_NOT_HOLDER', path: licencePath, params: { identifier } });
        continue;
      }
      const status = effectiveStatus(licence, asOf);
      if (status === 'revoked') refusals.push({ code: 'TB_LICENCE_REUSE_REVOKED', path: licencePath, params: { identifier } });
      else if (status === 'expired') refusals.push({ code: 'TB_LICENCE_REUSE_EXPIRED', path: licencePath, params: { identifier, validUntil: licence.valid_until } });
      else if (status === 'suspended' || (licence.valid_from !== null && licence.valid_from > asOf)) {
        refusals.push({ code: 'TB_LICENCE_REUSE_SUSPENDED', path: licencePath, params: { identifier } });
      } else reused.push({ index, materialId: material.id, licence, auto: false });
    }

    if (refusals.length > 0) {
      const first = refusals[0]!;
      const details: ErrorDetail[] = refusals.map((refusal) => ({
        path: refusal.path,
        code: refusal.code,
        message: MESSAGES[refusal.code]!(refusal.params as Record<string, string>),
        location: 'body',
      }));
      throw new AppError(first.code, { params: first.params, path: first.path, details });
    }
    await recordReuse(trx, application, reused, now);
  };
}

async function recordReuse(
  trx: Knex.Transaction,
  application: { id: string; item_code: string; region_code: string; department_code: string },
  reused: Array<{ materialId: string; licence: LicenceRow; auto: boolean }>,
  now: Date,
): Promise<void> {
  for (const { materialId, licence, auto } of reused) {
    const updated = await trx('application_material')
      .where({ application_id: application.id, material_id: materialId, kind: 'licence' })
      .update({ licence_id: licence.identifier, consent: true, verified: true });
    if (updated === 0) {
      // Auto-selected: intake wrote no row for a material given only with consent.
      await trx('application_material').insert({
        application_id: application.id, material_id: materialId, kind: 'licence', licence_id: licence.identifier, consent: true, verified: true, round: 0, created_at: now,
      });
    }
    await trx('licence_reuse').insert({
      application_id: application.id,
      material_id: materialId,
      licence_identifier: licence.identifier,
      type_code: licence.type_code,
      holder_id_number: licence.holder_id_number,
      item_code: application.item_code,
      region_code: application.region_code,
      department_code: application.department_code,
      auto_selected: auto,
      reused_at: now,
    });
  }
}
