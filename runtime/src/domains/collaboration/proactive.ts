import type { Knex } from 'knex';
import type { Item } from '@tongban/schemas';
import type { ApplicationRow } from '../applications/store';
import { chinaDate, type LicenceRow } from '../licences/store';
import { evaluateMapping, evaluateValue } from './feel';
import { licenceMaterials, submissionApplicant } from './follow-on';
import type { OfferService } from './offers';
import type { CollaborationSettings } from './settings';

/** A proactive-offer declaration of an item (`item.proactiveOffers[]`). */
export type ProactiveRule = NonNullable<Item['proactiveOffers']>[number];

/** An event proactive rules are matched against. */
export type ProactiveEvent =
  | { kind: 'licenceIssued'; licence: LicenceRow; sourceApplicationId?: string | null }
  | { kind: 'applicationClosed'; application: ApplicationRow }
  | { kind: 'archiveCaseClosed'; archiveCase: Record<string, unknown> };

/** What matching an event did, per rule that matched its trigger. */
export interface ProactiveOutcome {
  itemCode: string;
  ruleId: string;
  status: 'offered' | 'existing' | 'not-eligible' | 'rule-error';
  offerId?: string;
  message?: string;
}

interface LoadedRule {
  itemCode: string;
  itemName: string;
  rule: ProactiveRule;
}

const parse = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/** Birth date (`YYYY-MM-DD`) of a resident ID number (GB 11643 positions 7–14). */
export function birthDateOf(idNumber: string): string | null {
  const match = /^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/.exec(idNumber);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

/** Whole years between a birth date and a day. */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** The region an offer is addressed to when the event names none: the county a resident ID or credit code carries. */
export function regionOfHolder(kind: string, idNumber: string): string {
  return kind === 'organisation' ? idNumber.slice(2, 8) : idNumber.slice(0, 6);
}

/** Whether a rule's trigger matches an event. */
export function triggerMatches(rule: ProactiveRule, event: ProactiveEvent): boolean {
  const trigger = rule.trigger;
  if (trigger.event !== event.kind) return false;
  if (event.kind === 'licenceIssued') return !trigger.licenceTypeCode || trigger.licenceTypeCode === event.licence.type_code;
  const itemCode = event.kind === 'applicationClosed' ? event.application.item_code : String(event.archiveCase.item_code);
  const result = event.kind === 'applicationClosed' ? event.application.result : String(event.archiveCase.result);
  return (!trigger.itemCode || trigger.itemCode === itemCode) && (!trigger.result || trigger.result === result);
}

/**
 * Proactive service (主动服务): events — a licence issued, an application closed, an archived case closed — are
 * matched against the eligibility rules (FEEL) items declare in `proactiveOffers`; a match offers the item to the
 * event's holder, prefilled. Offers are never duplicated (one per rule, holder and source event) and expire.
 * The rules of the versions in force are cached until the change feed moves, and at most a minute.
 */
export class ProactiveService {
  private cache: { loadedAt: number; stamp: string; rules: LoadedRule[] } | undefined;

  constructor(private readonly offers: OfferService, private readonly settings: CollaborationSettings, private readonly ttlMs = 60_000) {}

  /** Forgets the cached rules (after a publication in this process; others reload within a minute). */
  invalidate(): void {
    this.cache = undefined;
  }

  /**
   * The proactive rules of every item version in force at `now`, reloaded when the change feed moved (a publication
   * or withdrawal anywhere) or after the time to live (a version scheduled earlier came into force).
   */
  async rules(db: Knex, now: Date): Promise<LoadedRule[]> {
    const stamp = String((await db('change_event').max({ id: 'id' }).first())?.id ?? 0);
    if (this.cache && this.cache.stamp === stamp && Date.now() - this.cache.loadedAt < this.ttlMs) return this.cache.rules;
    const declaring = await db('item_version').whereIn('status', ['published', 'superseded']).where('effective_from', '<=', now)
      .whereRaw(`document->'proactiveOffers' IS NOT NULL`).distinct('item_code').pluck('item_code') as string[];
    const rules: LoadedRule[] = [];
    if (declaring.length > 0) {
      const inForce = await db('item_version').distinctOn('item_code').whereIn('item_code', declaring)
        .whereIn('status', ['published', 'superseded']).where('effective_from', '<=', now)
        .orderBy([{ column: 'item_code' }, { column: 'effective_from', order: 'desc' }, { column: 'version', order: 'desc' }])
        .select('item_code', db.raw(`document->'proactiveOffers' AS offers`), db.raw(`document->>'name' AS name`));
      for (const row of inForce as Array<{ item_code: string; offers: unknown; name: string }>) {
        for (const rule of parse<ProactiveRule[] | null>(row.offers) ?? []) rules.push({ itemCode: row.item_code, itemName: row.name, rule });
      }
    }
    this.cache = { loadedAt: Date.now(), stamp, rules };
    return rules;
  }

  /** The holder an event concerns and the variables its rules read. */
  private async contextOf(db: Knex, event: ProactiveEvent, now: Date) {
    let holder: { kind: string; name: string; idNumber: string };
    let regionCode: string;
    let applicant: Record<string, unknown>;
    let source: { kind: 'licence' | 'application' | 'archive-case'; key: string; applicationId: string | null };
    const variables: Record<string, unknown> = { event: { kind: event.kind, at: now.toISOString() } };
    if (event.kind === 'licenceIssued') {
      const { licence } = event;
      holder = { kind: licence.holder_kind, name: licence.holder_name, idNumber: licence.holder_id_number };
      regionCode = regionOfHolder(holder.kind, holder.idNumber);
      applicant = holder.kind === 'organisation' ? { kind: 'organisation', name: holder.name, creditCode: holder.idNumber } : { kind: 'person', name: holder.name, idNumber: holder.idNumber };
      source = { kind: 'licence', key: licence.identifier, applicationId: event.sourceApplicationId ?? licence.application_id ?? null };
      variables.licence = {
        identifier: licence.identifier, typeCode: licence.type_code, issuedOn: licence.issued_on, validFrom: licence.valid_from, validUntil: licence.valid_until,
        issuerName: licence.issuer_name, data: parse<Record<string, unknown>>(licence.data),
      };
    } else if (event.kind === 'applicationClosed') {
      const { application } = event;
      holder = { kind: application.applicant_kind, name: application.applicant_name, idNumber: application.applicant_id_number };
      regionCode = application.service_point_region_code ?? application.region_code;
      applicant = submissionApplicant(application);
      source = { kind: 'application', key: application.id, applicationId: application.id };
      variables.application = {
        id: application.id, number: application.number, itemCode: application.item_code, result: application.result, regionCode: application.region_code,
        variables: (application.state.variables?.[application.state.rootKey] ?? {}) as Record<string, unknown>,
      };
    } else {
      const row = event.archiveCase;
      holder = { kind: String(row.applicant_kind), name: String(row.applicant_name), idNumber: String(row.applicant_id_number) };
      regionCode = String(row.region_code);
      applicant = holder.kind === 'organisation' ? { kind: 'organisation', name: holder.name, creditCode: holder.idNumber } : { kind: 'person', name: holder.name, idNumber: holder.idNumber };
      source = { kind: 'archive-case', key: String(row.case_number), applicationId: null };
      variables.case = {
        caseNumber: row.case_number, itemCode: row.item_code, itemName: row.item_name ?? null, result: row.result, regionCode: row.region_code,
        closedAt: row.closed_at ? new Date(row.closed_at as string).toISOString() : null,
      };
    }
    const today = chinaDate(now);
    const birthDate = holder.kind === 'person' ? birthDateOf(holder.idNumber) : null;
    const licenceTypes = await db('licence').where({ holder_id_number: holder.idNumber, status: 'valid' })
      .where((w) => w.whereNull('valid_until').orWhere('valid_until', '>=', today)).distinct('type_code').pluck('type_code') as string[];
    variables.holder = { ...holder, birthDate, age: birthDate ? ageOn(birthDate, today) : null, licenceTypes };
    return { holder, regionCode, applicant, source, variables };
  }

  /**
   * Matches an event against every rule in force and offers what the holder is eligible for, in the caller's
   * transaction. A rule that cannot be evaluated offers nothing and says so; it never fails the event's command.
   */
  async onEvent(db: Knex.Transaction, event: ProactiveEvent, now: Date): Promise<ProactiveOutcome[]> {
    const matching = (await this.rules(db, now)).filter((entry) => triggerMatches(entry.rule, event));
    if (matching.length === 0) return [];
    const { holder, regionCode, applicant, source, variables } = await this.contextOf(db, event, now);
    const outcomes: ProactiveOutcome[] = [];
    for (const { itemCode, itemName, rule } of matching) {
      const eligible = evaluateValue(rule.eligibility, variables, now);
      if (!eligible.ok) {
        outcomes.push({ itemCode, ruleId: rule.id, status: 'rule-error', message: eligible.message });
        continue;
      }
      if (eligible.value !== true) {
        outcomes.push({ itemCode, ruleId: rule.id, status: 'not-eligible' });
        continue;
      }
      const { offer, created } = await this.offers.create(db, {
        kind: 'proactive',
        ruleKey: `proactive:${itemCode}:${rule.id}`,
        itemCode,
        holder,
        applicant,
        regionCode,
        source,
        title: `您可以申请“${itemName}”`,
        message: rule.message ?? {
          zh: `根据您的情况，您可能符合“${itemName}”的申请条件。我们已为您预填申请，请核对补充后确认提交，或选择暂不办理。`,
          en: `You may be eligible for "${itemName}". An application has been prefilled for you: check it and confirm, or decline.`,
        },
        formData: evaluateMapping(rule.formData, variables, now).values,
        materials: licenceMaterials(rule.materials, variables, now),
        expiresInDays: rule.expiresInDays ?? this.settings.offerDays,
        now,
      });
      outcomes.push({ itemCode, ruleId: rule.id, status: created ? 'offered' : 'existing', offerId: offer.id });
    }
    return outcomes;
  }
}
