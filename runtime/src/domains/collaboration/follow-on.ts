import type { Knex } from 'knex';
import type { Item } from '@tongban/schemas';
import { findEffectiveVersion } from '../catalogue/store';
import type { ApplicationRow } from '../applications/store';
import type { JobHandler } from '../jobs/service';
import { formFields } from '../licences/issue';
import { evaluateMapping, evaluateValue } from './feel';
import type { OfferMaterial, OfferService } from './offers';
import type { ReviewService } from './review';
import { applicantOf } from './review';
import type { CollaborationSettings } from './settings';

/** The job type that starts follow-on services. */
export const FOLLOW_ON_JOB_TYPE = 'tongban.follow-on';

/** A follow-on declaration of an item (`item.followOn[]`). */
export type FollowOnDeclaration = NonNullable<Item['followOn']>[number];

/** What the job answers for each item it was asked to start (process variable `followOnApplications`). */
export interface FollowOnOutcome {
  itemCode: string;
  status: 'offered' | 'existing' | 'not-applicable' | 'unavailable';
  offerId?: string;
}

const parse = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/**
 * The form data carried over to a follow-on application: every variable named like a field of the target's
 * application form (declarations the applicant makes, `declaration…`, are never carried), then the declaration's
 * own mapping on top.
 */
export function carriedFormData(variables: Record<string, unknown>, targetKeys: Iterable<string>, mapped: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const key of targetKeys) {
    if (key.startsWith('declaration')) continue;
    const value = variables[key];
    if (value !== undefined && value !== null && value !== '') data[key] = value;
  }
  return { ...data, ...mapped };
}

/** Evaluates a declaration's licence materials: FEEL giving an identifier, or null for the holder's newest valid one. */
export function licenceMaterials(declared: ReadonlyArray<{ materialId: string; licence: string }> | undefined, context: Record<string, unknown>, now: Date): OfferMaterial[] {
  return (declared ?? []).flatMap((material) => {
    const result = evaluateValue(material.licence, context, now);
    if (!result.ok) return [];
    return [{ materialId: material.materialId, licenceId: typeof result.value === 'string' && result.value !== '' ? result.value : null }];
  });
}

/** The submission applicant of an application row (with an organisation's legal representative). */
export function submissionApplicant(application: ApplicationRow): Record<string, unknown> {
  const stored = parse<Record<string, unknown>>(application.applicant);
  const { kind, name } = stored as { kind: string; name: string };
  const applicant: Record<string, unknown> = kind === 'organisation'
    ? { kind, name, creditCode: application.applicant_id_number }
    : { kind: 'person', name, idNumber: application.applicant_id_number };
  for (const key of ['legalRepresentative', 'phone', 'address']) if (stored[key] !== undefined) applicant[key] = stored[key];
  return applicant;
}

/**
 * `tongban.follow-on`: after an item closes (e.g. 企业开办), offers the follow-on items named by the task header
 * `items` (comma separated; all the item's `followOn` declarations when absent) to the same applicant, prefilled by
 * the declaration's mapping over the closed application's variables. Each offer waits for the applicant to confirm
 * or decline; nothing is submitted on their behalf. An item that is not in force, or whose declaration's `when`
 * is false, is answered as such and does not fail the job.
 */
export function followOnHandler(offers: OfferService, reviews: ReviewService, settings: CollaborationSettings): JobHandler {
  return async ({ trx, job, application, now }) => {
    const source = await reviews.itemOf(trx, application);
    const declared = new Map((source.followOn ?? []).map((entry) => [entry.itemCode, entry]));
    const named = (job.headers.items ?? '').split(',').map((code) => code.trim()).filter(Boolean);
    const variables = { ...((application.state.variables?.[application.state.rootKey] ?? {}) as Record<string, unknown>), ...(job.variables ?? {}) };
    const context = {
      ...variables,
      applicant: applicantOf(application),
      application: { id: application.id, number: application.number, itemCode: application.item_code, regionCode: application.region_code },
    };
    const outcomes: FollowOnOutcome[] = [];
    for (const itemCode of named.length > 0 ? named : [...declared.keys()]) {
      outcomes.push(await offerFollowOn(trx, { offers, settings, application, source, declaration: declared.get(itemCode), itemCode, variables, context, now }));
    }
    return { followOnApplications: outcomes };
  };
}

async function offerFollowOn(trx: Knex.Transaction, input: {
  offers: OfferService; settings: CollaborationSettings; application: ApplicationRow; source: Item; declaration: FollowOnDeclaration | undefined;
  itemCode: string; variables: Record<string, unknown>; context: Record<string, unknown>; now: Date;
}): Promise<FollowOnOutcome> {
  const { declaration, itemCode, context, now, application } = input;
  if (declaration?.when) {
    const applies = evaluateValue(declaration.when, context, now);
    if (!applies.ok || applies.value !== true) return { itemCode, status: 'not-applicable' };
  }
  const region = application.service_point_region_code ?? application.region_code;
  const target = await findEffectiveVersion(trx, itemCode, now, region);
  if (!target) return { itemCode, status: 'unavailable' };
  const applicationForm = target.document.forms.find((form) => form.purpose === 'application');
  const keys = applicationForm ? formFields(target.forms[applicationForm.id]).keys() : [];
  const { values } = evaluateMapping(declaration?.formData, context, now);
  const formData = carriedFormData(input.variables, keys, values);
  const { offer, created } = await input.offers.create(trx, {
    kind: 'follow-on',
    ruleKey: `follow-on:${input.source.code}:${itemCode}`,
    itemCode,
    holder: { kind: application.applicant_kind, name: application.applicant_name, idNumber: application.applicant_id_number },
    applicant: submissionApplicant(application),
    regionCode: region,
    source: { kind: 'application', key: application.id, applicationId: application.id },
    title: `请确认办理“${target.document.name}”`,
    message: declaration?.message ?? {
      zh: `您的“${input.source.name}”（办件编号 ${application.number}）已办结。已为您预填“${target.document.name}”，请核对补充后确认提交，或选择暂不办理。`,
      en: `Your "${input.source.name}" (${application.number}) is closed. "${target.document.name}" has been prefilled for you: check it and confirm, or decline.`,
    },
    formData,
    materials: licenceMaterials(declaration?.materials, context, now),
    expiresInDays: declaration?.expiresInDays ?? input.settings.offerDays,
    now,
  });
  return { itemCode, status: created ? 'offered' : 'existing', offerId: offer.id };
}
