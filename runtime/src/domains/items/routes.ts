import type { FastifyInstance } from 'fastify';
import { ITEM_TYPE_VALUES } from '@tongban/schemas';
import { requireRole } from '../../plugins/auth';
import type { ImplementationOverrides } from '../catalogue/implementation';
import type { BundleService, ItemBundleFile } from './bundle';
import type { ChangeSetService, ChangeSetStatus } from './change-sets';
import type { PatchOperation } from './json-patch';
import type { MigrationRequest, MigrationService } from './migration';
import {
  addItemsBody, auditSchema, changeSetItemParams, changeSetParams, changeSetSchema, changeSetValidationSchema, codeParams, createChangeSetBody,
  createItemBody, diffQuery, diffSchema, errors, exportQuery, bundleSchema, importBody, importReportSchema, implementationBody,
  implementationListSchema, migrationBody, migrationReportSchema, openDraftBody, overviewSchema, policyBody, policyListSchema, policyParams,
  publishBody, reasonBody, regionParams, reportSchema, saveDraftBody, savedDraftSchema, validateBody, versionParams, versionSchema,
} from './schemas';
import type { DraftContent, ItemService } from './service';

/** Who may do what. Administrators may do everything (`requireRole`). */
const EDITORS = ['item-manager'] as const;
const REVIEWERS = ['publisher'] as const;
const READERS = ['item-manager', 'publisher', 'supervisor'] as const;

const tags = ['item management'];
const security = [{ bearer: [] }];

/** Options of {@link itemManagementRoutes}. */
export interface ItemRoutesOptions {
  items: ItemService;
  changeSets: ChangeSetService;
  migrations: MigrationService;
  bundles: BundleService;
}

/**
 * The management API of items (issue #5) under `/manage`: validation, drafts and their review, publication,
 * withdrawal, rollback, diff, audit, regional implementation lists, change sets, migrations of running applications,
 * the four-eyes policy, and export/import bundles.
 */
export async function itemManagementRoutes(app: FastifyInstance, options: ItemRoutesOptions): Promise<void> {
  const { items, changeSets, migrations, bundles } = options;

  app.post('/manage/validate', {
    schema: {
      tags, security, summary: 'Validate a version\'s content as the designer edits it (nothing is written): one report, each problem with its location',
      body: validateBody, response: { 200: reportSchema, ...errors },
    },
  }, async (request) => {
    requireRole(request, ...EDITORS, ...REVIEWERS);
    const body = request.body as DraftContent & { itemCode?: string };
    return (await items.validate(body, body.itemCode)).report;
  });

  app.post('/manage/items', {
    bodyLimit: 16 * 1024 * 1024,
    schema: { tags, security, summary: 'Create an item; its first version is a draft', body: createItemBody, response: { 201: savedDraftSchema, ...errors } },
  }, async (request, reply) => {
    const principal = requireRole(request, ...EDITORS);
    const body = request.body as DraftContent & { reason: string; itemCode?: string };
    const version = await items.createItem(principal, body);
    const { report } = await items.validate(version, version.itemCode);
    return reply.status(201).send({ version, validation: report });
  });

  app.get('/manage/items/:code', {
    schema: { tags, security, summary: 'An item\'s versions, the one in force, those scheduled and the one being worked on', params: codeParams, response: { 200: overviewSchema, ...errors } },
  }, async (request) => {
    requireRole(request, ...READERS);
    return items.overview((request.params as { code: string }).code);
  });

  app.get('/manage/items/:code/versions/:version', {
    schema: { tags, security, summary: 'One version with its content', params: versionParams, response: { 200: versionSchema, ...errors } },
  }, async (request) => {
    requireRole(request, ...READERS);
    const { code, version } = request.params as { code: string; version: number };
    return items.version(code, version);
  });

  app.post('/manage/items/:code/draft', {
    schema: {
      tags, security, summary: 'Open a draft from the latest published version, or from `basedOn`', params: codeParams, body: openDraftBody,
      response: { 201: versionSchema, ...errors },
    },
  }, async (request, reply) => {
    const principal = requireRole(request, ...EDITORS);
    const body = request.body as { basedOn?: number; reason: string };
    return reply.status(201).send(await items.openDraft(principal, (request.params as { code: string }).code, body));
  });

  app.get('/manage/items/:code/draft', {
    schema: { tags, security, summary: 'The version being worked on (draft, submitted or approved)', params: codeParams, response: { 200: versionSchema, ...errors } },
  }, async (request) => {
    requireRole(request, ...READERS);
    return items.draft((request.params as { code: string }).code);
  });

  app.put('/manage/items/:code/draft', {
    bodyLimit: 16 * 1024 * 1024,
    schema: {
      tags, security, summary: 'Save the draft\'s content; answers the validation report too', params: codeParams, body: saveDraftBody,
      response: { 200: savedDraftSchema, ...errors },
    },
  }, async (request) => {
    const principal = requireRole(request, ...EDITORS);
    return items.saveDraft(principal, (request.params as { code: string }).code, request.body as DraftContent & { rev?: number; reason?: string });
  });

  app.post('/manage/items/:code/draft/discard', {
    schema: { tags, security, summary: 'Discard the draft', params: codeParams, body: reasonBody, response: { 204: { type: 'null' }, ...errors } },
  }, async (request, reply) => {
    const principal = requireRole(request, ...EDITORS);
    await items.discardDraft(principal, (request.params as { code: string }).code, (request.body as { reason: string }).reason);
    return reply.status(204).send();
  });

  const reviewStep = (path: string, summary: string, roles: readonly ('item-manager' | 'publisher')[], run: (principal: ReturnType<typeof requireRole>, code: string, reason: string) => Promise<unknown>) => {
    app.post(`/manage/items/:code/draft/${path}`, {
      schema: { tags, security, summary, params: codeParams, body: reasonBody, response: { 200: versionSchema, ...errors } },
    }, async (request) => {
      const principal = requireRole(request, ...roles);
      return run(principal, (request.params as { code: string }).code, (request.body as { reason: string }).reason);
    });
  };
  reviewStep('submit', 'Submit the draft for review (refused with the validation report when it has errors)', EDITORS, (p, c, r) => items.submit(p, c, r));
  reviewStep('approve', 'Approve the submitted version (four eyes: not by its submitter, unless the item type allows)', REVIEWERS, (p, c, r) => items.approve(p, c, r));
  reviewStep('return', 'Send a submitted or approved version back to draft', REVIEWERS, (p, c, r) => items.returnToDraft(p, c, r));

  app.post('/manage/items/:code/draft/publish', {
    schema: {
      tags, security, summary: 'Publish the approved version, effective from a given time; running applications keep their version', params: codeParams,
      body: publishBody,
      response: { 200: { type: 'object', additionalProperties: false, required: ['version', 'eventId'], properties: { version: versionSchema, eventId: { type: 'integer' } } }, ...errors },
    },
  }, async (request) => {
    const principal = requireRole(request, ...REVIEWERS);
    return items.publish(principal, (request.params as { code: string }).code, request.body as { effectiveFrom?: string; reason: string });
  });

  const withdrawnSchema = {
    type: 'object', additionalProperties: false, required: ['versions', 'eventId'], properties: { versions: { type: 'array', items: { type: 'integer' } }, eventId: { type: 'integer' } },
  } as const;
  app.post('/manage/items/:code/versions/:version/withdraw', {
    schema: { tags, security, summary: 'Withdraw a published version', params: versionParams, body: reasonBody, response: { 200: withdrawnSchema, ...errors } },
  }, async (request) => {
    const principal = requireRole(request, ...REVIEWERS);
    const { code, version } = request.params as { code: string; version: number };
    return items.withdraw(principal, code, version, (request.body as { reason: string }).reason);
  });

  app.post('/manage/items/:code/withdraw', {
    schema: { tags, security, summary: 'Withdraw the item: every published version (no new applications)', params: codeParams, body: reasonBody, response: { 200: withdrawnSchema, ...errors } },
  }, async (request) => {
    const principal = requireRole(request, ...REVIEWERS);
    return items.withdraw(principal, (request.params as { code: string }).code, 'all', (request.body as { reason: string }).reason);
  });

  app.post('/manage/items/:code/versions/:version/rollback', {
    schema: {
      tags, security, summary: 'Roll back: open a draft with this version\'s content, to be reviewed and published as a new version', params: versionParams,
      body: reasonBody, response: { 201: versionSchema, ...errors },
    },
  }, async (request, reply) => {
    const principal = requireRole(request, ...EDITORS);
    const { code, version } = request.params as { code: string; version: number };
    return reply.status(201).send(await items.rollback(principal, code, version, (request.body as { reason: string }).reason));
  });

  app.get('/manage/items/:code/diff', {
    schema: {
      tags, security, summary: 'The structured difference between two versions (elements, materials, form fields, BPMN elements and flows)', params: codeParams,
      querystring: diffQuery, response: { 200: diffSchema, ...errors },
    },
  }, async (request) => {
    requireRole(request, ...READERS);
    const { from, to } = request.query as { from: string; to: string };
    const which = (value: string) => (value === 'draft' ? 'draft' as const : Number(value));
    return items.diff((request.params as { code: string }).code, which(from), which(to));
  });

  app.get('/manage/items/:code/audit', {
    schema: {
      tags, security, summary: 'Who changed the item, when and why (newest first)', params: codeParams,
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { before: { type: 'integer', minimum: 1 }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
      },
      response: { 200: auditSchema, ...errors },
    },
  }, async (request) => {
    requireRole(request, ...READERS);
    const query = request.query as { before?: number; limit?: number };
    return { entries: await items.audit((request.params as { code: string }).code, { ...(query.before ? { before: query.before } : {}), limit: query.limit ?? 100 }) };
  });

  // Regional implementation lists.
  app.get('/manage/items/:code/implementations', {
    schema: { tags, security, summary: 'Every regional implementation revision of the item', params: codeParams, response: { 200: implementationListSchema, ...errors } },
  }, async (request) => {
    requireRole(request, ...READERS);
    return { implementations: await items.implementations((request.params as { code: string }).code) };
  });

  app.put('/manage/items/:code/implementations/:region', {
    schema: {
      tags, security, summary: 'Set a region\'s implementation (实施清单): overrides of the allowed fields only', params: regionParams, body: implementationBody,
      response: {
        200: {
          type: 'object', additionalProperties: false, required: ['regionCode', 'level', 'revision', 'effectiveFrom', 'eventId'],
          properties: { regionCode: { type: 'string' }, level: { type: 'string' }, revision: { type: 'integer' }, effectiveFrom: { type: 'string', format: 'date-time' }, eventId: { type: 'integer' } },
        },
        ...errors,
      },
    },
  }, async (request) => {
    const principal = requireRole(request, ...EDITORS);
    const { code, region } = request.params as { code: string; region: string };
    return items.setImplementation(principal, code, region, request.body as { overrides: ImplementationOverrides; effectiveFrom?: string; reason: string });
  });

  app.post('/manage/items/:code/implementations/:region/withdraw', {
    schema: {
      tags, security, summary: 'Withdraw a region\'s implementation (it inherits from above again)', params: regionParams, body: reasonBody,
      response: {
        200: { type: 'object', additionalProperties: false, required: ['regionCode', 'withdrawnRevisions', 'eventId'], properties: { regionCode: { type: 'string' }, withdrawnRevisions: { type: 'integer' }, eventId: { type: 'integer' } } },
        ...errors,
      },
    },
  }, async (request) => {
    const principal = requireRole(request, ...EDITORS);
    const { code, region } = request.params as { code: string; region: string };
    return items.withdrawImplementation(principal, code, region, (request.body as { reason: string }).reason);
  });

  // Migrations of running applications.
  app.post('/manage/items/:code/migrations', {
    schema: {
      tags, security, summary: 'Move running applications to another version with an element id mapping (administrators; `dryRun` reports per application)',
      params: codeParams, body: migrationBody, response: { 200: migrationReportSchema, ...errors },
    },
  }, async (request) => {
    const principal = requireRole(request, 'admin');
    return migrations.run(principal, (request.params as { code: string }).code, request.body as MigrationRequest);
  });

  // Four-eyes policy per item type.
  app.get('/manage/policies/item-types', {
    schema: { tags, security, summary: 'Whether each item type needs a second person to approve', response: { 200: policyListSchema, ...errors } },
  }, async (request) => {
    requireRole(request, ...READERS);
    return { policies: await items.policies(ITEM_TYPE_VALUES) };
  });

  app.put('/manage/policies/item-types/:type', {
    schema: { tags, security, summary: 'Set whether an item type needs four eyes', params: policyParams, body: policyBody, response: { 200: policyListSchema, ...errors } },
  }, async (request) => {
    const principal = requireRole(request, 'admin');
    const { type } = request.params as { type: string };
    const body = request.body as { fourEyes: boolean; reason: string };
    await items.setPolicy(principal, type, body.fourEyes, body.reason);
    return { policies: await items.policies([type]) };
  });

  // Change sets.
  app.post('/manage/change-sets', {
    schema: { tags, security, summary: 'Open a change set (one policy, many items)', body: createChangeSetBody, response: { 201: changeSetSchema, ...errors } },
  }, async (request, reply) => {
    const principal = requireRole(request, ...EDITORS);
    return reply.status(201).send(await changeSets.create(principal, request.body as { title: string; reason: string }));
  });

  app.get('/manage/change-sets', {
    schema: {
      tags, security, summary: 'Change sets, newest first',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          status: { type: 'string', enum: ['open', 'submitted', 'approved', 'published', 'discarded'] },
          limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          offset: { type: 'integer', minimum: 0, maximum: 100000, default: 0 },
        },
      },
      response: { 200: { type: 'object', additionalProperties: false, required: ['changeSets'], properties: { changeSets: { type: 'array', items: changeSetSchema } } }, ...errors },
    },
  }, async (request) => {
    requireRole(request, ...READERS);
    const query = request.query as { status?: ChangeSetStatus; limit?: number; offset?: number };
    return { changeSets: await changeSets.list({ ...(query.status ? { status: query.status } : {}), limit: query.limit ?? 20, offset: query.offset ?? 0 }) };
  });

  app.get('/manage/change-sets/:id', {
    schema: { tags, security, summary: 'A change set and its items', params: changeSetParams, response: { 200: changeSetSchema, ...errors } },
  }, async (request) => {
    requireRole(request, ...READERS);
    return changeSets.get((request.params as { id: string }).id);
  });

  app.post('/manage/change-sets/:id/items', {
    schema: {
      tags, security, summary: 'Add items to the set (their drafts join it); a JSON Patch over { item, forms, bpmn, implementationPolicy } may be applied to each',
      params: changeSetParams, body: addItemsBody, response: { 200: changeSetSchema, ...errors },
    },
  }, async (request) => {
    const principal = requireRole(request, ...EDITORS);
    return changeSets.addItems(principal, (request.params as { id: string }).id, request.body as { items: Array<{ code: string; patch?: PatchOperation[] }>; reason?: string });
  });

  app.delete('/manage/change-sets/:id/items/:code', {
    schema: { tags, security, summary: 'Take an item out of the set (its draft stays)', params: changeSetItemParams, response: { 200: changeSetSchema, ...errors } },
  }, async (request) => {
    const principal = requireRole(request, ...EDITORS);
    const { id, code } = request.params as { id: string; code: string };
    return changeSets.removeItem(principal, id, code);
  });

  app.post('/manage/change-sets/:id/validate', {
    schema: { tags, security, summary: 'Validate every item of the set (nothing is written)', params: changeSetParams, response: { 200: changeSetValidationSchema, ...errors } },
  }, async (request) => {
    requireRole(request, ...EDITORS, ...REVIEWERS);
    return changeSets.validate((request.params as { id: string }).id);
  });

  const setStep = (path: string, summary: string, roles: readonly ('item-manager' | 'publisher')[], run: (principal: ReturnType<typeof requireRole>, id: string, reason: string) => Promise<unknown>) => {
    app.post(`/manage/change-sets/:id/${path}`, {
      schema: { tags, security, summary, params: changeSetParams, body: reasonBody, response: { 200: changeSetSchema, ...errors } },
    }, async (request) => {
      const principal = requireRole(request, ...roles);
      return run(principal, (request.params as { id: string }).id, (request.body as { reason: string }).reason);
    });
  };
  setStep('submit', 'Submit the whole set for review (refused with every item\'s problems)', EDITORS, (p, id, r) => changeSets.submit(p, id, r));
  setStep('approve', 'Approve the set (four eyes: not its submitter)', REVIEWERS, (p, id, r) => changeSets.approve(p, id, r));
  setStep('return', 'Send the set back for editing', REVIEWERS, (p, id, r) => changeSets.returnToOpen(p, id, r));
  setStep('discard', 'Discard an open set (its drafts stay)', EDITORS, (p, id, r) => changeSets.discard(p, id, r));

  app.post('/manage/change-sets/:id/publish', {
    schema: {
      tags, security, summary: 'Publish every item of the approved set with one effective time, atomically', params: changeSetParams, body: publishBody,
      response: { 200: { type: 'object', additionalProperties: false, required: ['changeSet', 'eventId'], properties: { changeSet: changeSetSchema, eventId: { type: 'integer' } } }, ...errors },
    },
  }, async (request) => {
    const principal = requireRole(request, ...REVIEWERS);
    return changeSets.publish(principal, (request.params as { id: string }).id, request.body as { effectiveFrom?: string; reason: string });
  });

  // Exchange between installations.
  app.get('/manage/export', {
    schema: { tags, security, summary: 'Export items with every published version and all their files, and their implementation lists', querystring: exportQuery, response: { 200: bundleSchema, ...errors } },
  }, async (request) => {
    requireRole(request, ...READERS);
    const { codes } = request.query as { codes?: string };
    return bundles.export(codes ? codes.split(',') : undefined);
  });

  app.post('/manage/import', {
    bodyLimit: 256 * 1024 * 1024,
    schema: { tags, security, summary: 'Import a bundle (idempotent: what is already here is skipped; all or nothing)', body: importBody, response: { 200: importReportSchema, ...errors } },
  }, async (request) => {
    const principal = requireRole(request, 'admin');
    const body = request.body as { bundle: ItemBundleFile; reason: string };
    return bundles.import(principal, body.bundle, body.reason);
  });

}
