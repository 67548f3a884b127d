import type { Knex } from 'knex';
import type { CompiledDefinition, InstanceState } from '@tongban/engine';
import { AppError } from '../../errors/catalogue';
import type { Principal } from '../../plugins/auth';
import { chainEvents } from '../applications/history';
import type { ApplicationService } from '../applications/service';
import type { ApplicationRow } from '../applications/store';
import type { ItemService } from './service';
import { planStateMigration, type MigrationIssue, type MigrationPlan, type StateMove } from './state-migration';
import { findVersion, insertAudit, type VersionRecord } from './store';
import { requiredFieldKeys } from './validation';

/** What an administrator asks: move applications running on one version of an item to another. */
export interface MigrationRequest {
  fromVersion: number;
  toVersion: number;
  /** Old element (or flow) id → new id; unlisted ids keep theirs. */
  mapping?: Record<string, string>;
  /** Only these applications (default: every active application on `fromVersion`, up to `limit`). */
  applicationIds?: string[];
  /** Report what would happen, change nothing. */
  dryRun: boolean;
  reason: string;
  limit?: number;
}

/** What happened (or would happen) to one application. */
export interface ApplicationMigration {
  applicationId: string;
  number: string;
  outcome: 'migrated' | 'wouldMigrate' | 'refused' | 'skipped';
  moves: StateMove[];
  problems: MigrationIssue[];
  warnings: MigrationIssue[];
}

/** The report of a migration run. */
export interface MigrationReport {
  dryRun: boolean;
  itemCode: string;
  fromVersion: number;
  toVersion: number;
  candidates: number;
  migrated: number;
  refused: number;
  skipped: number;
  applications: ApplicationMigration[];
  eventId?: number;
}

/**
 * Migration of running applications to another version (issue #5 point 3), administrators only. Each application
 * is planned from its engine state (state-migration.ts) and, unless a dry run, moved in its own transaction under its
 * row lock: the state's element ids, and the element ids of its task, job, subscription and incident rows, rewritten
 * together with the pinned version, plus a history event. An application that would not land cleanly is refused with
 * its reasons and left on its version; the others move.
 */
export class MigrationService {
  constructor(private readonly items: ItemService, private readonly applications: ApplicationService) {}

  private get knex(): Knex {
    return this.items.knex;
  }

  async run(principal: Principal, code: string, request: MigrationRequest): Promise<MigrationReport> {
    const from = await findVersion(this.knex, code, request.fromVersion);
    const to = await findVersion(this.knex, code, request.toVersion);
    if (!from) throw new AppError('TB_VERSION_NOT_FOUND', { params: { code, version: request.fromVersion }, path: '/fromVersion' });
    if (!to) throw new AppError('TB_VERSION_NOT_FOUND', { params: { code, version: request.toVersion }, path: '/toVersion' });
    if (from.id === to.id) {
      throw new AppError('TB_MIGRATION_VERSIONS_INVALID', { params: { reason: { zh: '源版本与目标版本相同', en: 'the versions are the same' } }, path: '/toVersion' });
    }
    if (to.status !== 'published' && to.status !== 'superseded') {
      throw new AppError('TB_MIGRATION_VERSIONS_INVALID', { params: { reason: { zh: `目标版本为${to.status}`, en: `the target version is ${to.status}` } }, path: '/toVersion' });
    }
    const [fromDefinition, toDefinition] = await Promise.all([this.applications.definitionOf(from.id, code), this.applications.definitionOf(to.id, code)]);
    const query = this.knex('application').where({ item_version_id: from.id, status: 'active' }).orderBy('submitted_at').limit(request.limit ?? 1000);
    if (request.applicationIds) query.whereIn('id', request.applicationIds);
    const candidates = (await query) as ApplicationRow[];
    const report: MigrationReport = {
      dryRun: request.dryRun, itemCode: code, fromVersion: from.version, toVersion: to.version, candidates: candidates.length, migrated: 0, refused: 0, skipped: 0, applications: [],
    };
    for (const candidate of candidates) {
      if (request.dryRun) {
        const plan = await this.plan(this.knex, candidate, from, to, fromDefinition, toDefinition, request.mapping ?? {});
        report.applications.push(entry(candidate, plan.ok ? 'wouldMigrate' : 'refused', plan));
        if (!plan.ok) report.refused += 1;
        continue;
      }
      const outcome = await this.knex.transaction(async (trx) => {
        const application = (await trx('application').where({ id: candidate.id }).forUpdate().first()) as ApplicationRow | undefined;
        if (!application || application.status !== 'active' || Number(application.item_version_id) !== from.id) {
          return { outcome: 'skipped' as const, plan: { ok: false, moves: [], problems: [], warnings: [], tasks: [] } as MigrationPlan };
        }
        const plan = await this.plan(trx, application, from, to, fromDefinition, toDefinition, request.mapping ?? {});
        if (!plan.ok || !plan.state) return { outcome: 'refused' as const, plan };
        await this.apply(trx, application, plan, from, to, principal, request.reason);
        return { outcome: 'migrated' as const, plan };
      });
      report.applications.push(entry(candidate, outcome.outcome, outcome.plan));
      report[outcome.outcome] += 1;
    }
    if (!request.dryRun) {
      report.eventId = await this.knex.transaction(async (trx) => {
        const now = this.items.clock();
        await insertAudit(trx, [{
          itemCode: code, version: to.version, action: 'applicationsMigrated', actor: principal.id, at: now, reason: request.reason,
          data: { fromVersion: from.version, toVersion: to.version, migrated: report.migrated, refused: report.refused, skipped: report.skipped, mapping: request.mapping ?? {} },
        }]);
        return this.items.feed.append(trx, {
          kind: 'migrated', at: now, actor: principal.id, reason: request.reason, itemCodes: [code],
          data: {
            fromVersion: from.version, toVersion: to.version, candidates: report.candidates, migrated: report.migrated, refused: report.refused, skipped: report.skipped,
            mapping: request.mapping ?? {},
            applications: report.applications.filter((application) => application.outcome === 'migrated').slice(0, 1000).map((application) => application.number),
          },
        });
      });
      this.items.feed.wake();
    }
    return report;
  }

  private async plan(
    knex: Knex | Knex.Transaction, application: ApplicationRow, from: VersionRecord, to: VersionRecord,
    fromDefinition: CompiledDefinition, toDefinition: CompiledDefinition, mapping: Record<string, string>,
  ): Promise<MigrationPlan> {
    const tasks = await knex('task').where({ application_id: application.id, status: 'open' }).select('id', 'element_id', 'form_id');
    const applicationFormId = to.item.forms.find((form) => form.purpose === 'application')?.id;
    const formData = (typeof application.form_data === 'string' ? JSON.parse(application.form_data) : application.form_data) as Record<string, unknown>;
    const missingApplicationFields = applicationFormId ? requiredFieldKeys(to.forms[applicationFormId]).filter((key) => formData[key] === undefined) : [];
    return planStateMigration({
      state: (typeof application.state === 'string' ? JSON.parse(application.state) : application.state) as InstanceState,
      from: fromDefinition,
      to: toDefinition,
      toProcessId: to.item.procedure.processId,
      mapping,
      tasks: tasks.map((task: { id: string; element_id: string; form_id: string | null }) => ({ id: task.id, elementId: task.element_id, formId: task.form_id })),
      fromForms: from.forms,
      toForms: to.forms,
      missingApplicationFields,
    });
  }

  private async apply(trx: Knex.Transaction, application: ApplicationRow, plan: MigrationPlan, from: VersionRecord, to: VersionRecord, principal: Principal, reason: string): Promise<void> {
    const now = this.items.clock();
    for (const task of plan.tasks) {
      await trx('task').where({ id: task.id }).update({
        element_id: task.elementId, form_id: task.formId, name: task.name, headers: JSON.stringify(task.headers), stage: task.headers.stage ?? null,
        ...(task.candidateGroups ? { candidate_groups: task.candidateGroups } : {}),
      });
    }
    for (const move of plan.moves) {
      if (move.kind === 'job' || move.kind === 'timer') await trx('job').where({ id: move.id }).update({ element_id: move.to });
      if (move.kind === 'subscription') await trx('subscription').where({ id: move.id }).update({ element_id: move.to });
      if (move.kind === 'incident') await trx('incident').where({ id: move.id }).update({ element_id: move.to });
    }
    const chained = chainEvents(application.id, { seq: application.event_seq, hash: application.event_hash }, [{
      at: now, actor: principal.id, kind: 'applicationMigrated',
      data: { itemCode: to.itemCode, fromVersion: from.version, toVersion: to.version, reason, moves: plan.moves, warnings: plan.warnings.map((warning) => warning.code) },
    }]);
    await trx('event').insert(chained.rows);
    await trx('application').where({ id: application.id }).update({
      item_version_id: to.id, process_id: plan.state!.processId, state: JSON.stringify(plan.state), rev: application.rev + 1,
      event_seq: chained.head.seq, event_hash: chained.head.hash, updated_at: now,
    });
  }
}

const entry = (application: ApplicationRow, outcome: ApplicationMigration['outcome'], plan: MigrationPlan): ApplicationMigration => ({
  applicationId: application.id, number: application.number, outcome, moves: plan.moves, problems: plan.problems, warnings: plan.warnings,
});
