import type { Knex } from 'knex';
import type { JobHandler, JobService } from './service';

const NOTICE_TEXT: Record<string, { title: string; body: (name: string, number: string, extra: string) => string }> = {
  accepted: { title: '办件已受理', body: (name, number) => `您申请的“${name}”（办件编号 ${number}）已受理。` },
  supplement: {
    title: '请补正材料',
    body: (name, number, extra) => `您申请的“${name}”（办件编号 ${number}）需要补正以下材料：${extra}。请在补正后重新提交，补正期间不计入办理时限。`,
  },
  'not-accepted': { title: '不予受理', body: (name, number) => `您申请的“${name}”（办件编号 ${number}）不予受理，具体原因见办件详情。` },
  approved: { title: '办件已办结', body: (name, number) => `您申请的“${name}”（办件编号 ${number}）已办结，准予许可。欢迎对本次服务作出评价。` },
  rejected: { title: '办件已办结（不予许可）', body: (name, number) => `您申请的“${name}”（办件编号 ${number}）经审查不予许可，具体理由见办件详情。` },
};

/**
 * `tongban.notify`: writes a notice to the applicant's inbox. Idempotent by job id (a unique column), and inside the
 * job's transaction, so a notice is written exactly once even when a worker crashes after writing it.
 */
export const notifyHandler: JobHandler = async ({ trx, job, application, now }) => {
  const notice = job.headers.notice ?? 'update';
  const item = await trx('item').where({ code: application.item_code }).first('name');
  const variables = (application.state.variables?.[application.state.rootKey] ?? {}) as Record<string, unknown>;
  let extra = '';
  if (notice === 'supplement' && Array.isArray(variables.missingMaterialIds)) {
    const version = await trx('item_version').where({ id: application.item_version_id }).first('document');
    const document = (typeof version?.document === 'string' ? JSON.parse(version.document) : version?.document) as { materials: Array<{ id: string; name: string }> };
    const names = new Map(document.materials.map((material) => [material.id, material.name]));
    extra = (variables.missingMaterialIds as string[]).map((id) => names.get(id) ?? id).join('、');
  }
  const text = NOTICE_TEXT[notice] ?? { title: '办件进度更新', body: (name: string, number: string) => `您申请的“${name}”（办件编号 ${number}）有新的进度。` };
  await trx('notification').insert({
    application_id: application.id,
    recipient_id_number: application.applicant_id_number,
    kind: notice,
    title: text.title,
    body: text.body(item?.name ?? application.item_code, application.number, extra),
    data: JSON.stringify({ number: application.number, itemCode: application.item_code }),
    source_job_id: job.id,
    created_at: now,
  }).onConflict('source_job_id').ignore();
  return { notified: true };
};

/** Registers the built-in job handlers available in this build. */
export function registerBuiltinHandlers(jobs: JobService, _knex: Knex): void {
  jobs.register('tongban.notify', notifyHandler);
}
