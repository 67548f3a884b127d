import type { FastifyInstance } from 'fastify';
import { LEVEL_VALUES, contracts, identifier, itemCode, regionCode } from '@tongban/schemas';
import { AppError } from '../../errors/catalogue';
import { categoryTree, findEffectiveVersion, findRegion, itemExists, searchItems } from './store';

const errorRef = { $ref: 'https://schemas.tongban.dev/v1/error.json#' } as const;

const itemSummarySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'type', 'subCategoryCode', 'departmentCode', 'departmentName', 'levels', 'version', 'effectiveFrom'],
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    type: { type: 'string' },
    subCategoryCode: { type: 'string' },
    categoryCode: { type: ['string', 'null'] },
    departmentCode: { type: 'string' },
    departmentName: { type: 'string' },
    levels: { type: 'array', items: { type: 'string' } },
    version: { type: 'integer' },
    effectiveFrom: { type: 'string', format: 'date-time' },
    committedTimeLimitDays: { type: 'integer' },
    legalTimeLimitDays: { type: 'integer' },
    channels: { type: 'array', items: { type: 'string' } },
    visitsRequired: { type: 'integer' },
    onlineDepth: { type: ['integer', 'null'] },
  },
} as const;

/** The public catalogue: published items as they apply now, searchable and paged. */
export async function catalogueRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(contracts.item);

  app.get('/items', {
    schema: {
      tags: ['catalogue'],
      summary: 'List and search published items (by name, code, category, sub-category, department, level, region)',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          q: { type: 'string', minLength: 1, maxLength: 100, description: 'Part of the name or code' },
          code: itemCode,
          category: identifier,
          subCategory: identifier,
          department: identifier,
          level: { type: 'string', enum: LEVEL_VALUES },
          region: regionCode,
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 20 },
          offset: { type: 'integer', minimum: 0, maximum: 1000000, default: 0 },
        },
      },
      response: {
        200: {
          type: 'object',
          additionalProperties: false,
          required: ['items', 'total'],
          properties: { items: { type: 'array', items: itemSummarySchema }, total: { type: 'integer' } },
        },
        400: errorRef,
        404: errorRef,
      },
    },
  }, async (request) => {
    const query = request.query as {
      q?: string; code?: string; category?: string; subCategory?: string; department?: string; level?: string;
      region?: string; limit?: number; offset?: number;
    };
    if (query.region && !(await findRegion(app.db.knex, query.region))) {
      throw new AppError('TB_REGION_NOT_FOUND', { params: { code: query.region }, path: '/region' });
    }
    return searchItems(app.db.knex, { ...query, limit: query.limit ?? 20, offset: query.offset ?? 0 }, new Date());
  });

  app.get('/items/:code', {
    schema: {
      tags: ['catalogue'],
      summary: 'An item as it applies in a region now: its effective version with the region\'s implementation lists applied, checklist and forms',
      params: { type: 'object', required: ['code'], additionalProperties: false, properties: { code: itemCode } },
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { region: regionCode },
      },
      response: {
        200: {
          type: 'object',
          additionalProperties: false,
          required: ['code', 'version', 'item', 'forms'],
          properties: {
            code: { type: 'string' },
            version: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'version', 'effectiveFrom'],
              properties: { id: { type: 'integer' }, version: { type: 'integer' }, effectiveFrom: { type: 'string', format: 'date-time' } },
            },
            region: {
              type: 'object',
              additionalProperties: false,
              required: ['code', 'name', 'level'],
              properties: { code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' } },
            },
            item: { $ref: 'https://schemas.tongban.dev/v1/item.json#' },
            forms: { type: 'object', additionalProperties: true, description: 'form-js schemas by form id' },
            implementation: {
              type: 'object',
              additionalProperties: false,
              required: ['applied', 'ignored'],
              description: 'The regional implementation lists (实施清单) applied along the region\'s ancestry, broadest first',
              properties: {
                applied: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['regionCode', 'level', 'revision', 'fields'],
                    properties: { regionCode: { type: 'string' }, level: { type: 'string' }, revision: { type: 'integer' }, fields: { type: 'array', items: { type: 'string' } } },
                  },
                },
                ignored: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['regionCode', 'revision', 'field', 'code'],
                    properties: { regionCode: { type: 'string' }, revision: { type: 'integer' }, field: { type: 'string' }, code: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
        400: errorRef,
        404: errorRef,
      },
    },
  }, async (request) => {
    const { code } = request.params as { code: string };
    const { region: regionCodeParam } = request.query as { region?: string };
    const region = regionCodeParam ? await findRegion(app.db.knex, regionCodeParam) : undefined;
    if (regionCodeParam && !region) throw new AppError('TB_REGION_NOT_FOUND', { params: { code: regionCodeParam }, path: '/region' });
    const version = await findEffectiveVersion(app.db.knex, code, new Date(), region?.code);
    if (!version) {
      if (await itemExists(app.db.knex, code)) throw new AppError('TB_ITEM_NOT_EFFECTIVE', { params: { code }, path: '/code' });
      throw new AppError('TB_ITEM_NOT_FOUND', { params: { code }, path: '/code' });
    }
    return {
      code,
      version: { id: version.id, version: version.version, effectiveFrom: version.effectiveFrom as string },
      ...(region ? { region: { code: region.code, name: region.name, level: region.level } } : {}),
      item: version.document,
      forms: version.forms,
      ...(version.implementation ? { implementation: version.implementation } : {}),
    };
  });

  app.get('/categories', {
    schema: {
      tags: ['catalogue'],
      summary: 'The catalogue tree: categories and their sub-categories with item counts',
      response: {
        200: {
          type: 'object',
          additionalProperties: false,
          required: ['categories'],
          properties: {
            categories: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['code', 'name', 'children'],
                properties: {
                  code: { type: 'string' },
                  name: { type: 'string' },
                  audience: { type: 'string' },
                  children: {
                    type: 'array',
                    items: {
                      type: 'object',
                      additionalProperties: false,
                      required: ['code', 'name', 'items'],
                      properties: { code: { type: 'string' }, name: { type: 'string' }, items: { type: 'integer' } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  }, async () => ({ categories: await categoryTree(app.db.knex) }));

  app.get('/departments', {
    schema: {
      tags: ['catalogue'],
      summary: 'Departments, optionally of one region',
      querystring: { type: 'object', additionalProperties: false, properties: { region: regionCode } },
      response: {
        200: {
          type: 'object',
          additionalProperties: false,
          required: ['departments'],
          properties: {
            departments: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['code', 'name', 'regionCode', 'level'],
                properties: {
                  code: { type: 'string' }, name: { type: 'string' }, shortName: { type: ['string', 'null'] },
                  regionCode: { type: 'string' }, level: { type: 'string' },
                },
              },
            },
          },
        },
        400: errorRef,
      },
    },
  }, async (request) => {
    const { region } = request.query as { region?: string };
    const query = app.db.knex('department').select('code', 'name', 'short_name', 'region_code', 'level').orderBy('code');
    if (region) query.where('region_code', region);
    const rows = await query;
    return {
      departments: rows.map((row: Record<string, string | null>) => ({
        code: row.code, name: row.name, shortName: row.short_name, regionCode: row.region_code, level: row.level,
      })),
    };
  });

  app.get('/regions', {
    schema: {
      tags: ['catalogue'],
      summary: 'Regions under a parent (top level when no parent is given)',
      querystring: { type: 'object', additionalProperties: false, properties: { parent: regionCode } },
      response: {
        200: {
          type: 'object',
          additionalProperties: false,
          required: ['regions'],
          properties: {
            regions: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['code', 'name', 'level'],
                properties: { code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' }, parentCode: { type: ['string', 'null'] } },
              },
            },
          },
        },
        400: errorRef,
      },
    },
  }, async (request) => {
    const { parent } = request.query as { parent?: string };
    const query = app.db.knex('region').select('code', 'name', 'level', 'parent_code').orderBy('code');
    if (parent) query.where('parent_code', parent);
    else query.whereNull('parent_code');
    const rows = await query;
    return { regions: rows.map((row: Record<string, string | null>) => ({ code: row.code, name: row.name, level: row.level, parentCode: row.parent_code })) };
  });

  app.get('/licence-types', {
    schema: {
      tags: ['licences'],
      summary: 'Licence types (证照类型)',
      response: {
        200: {
          type: 'object',
          additionalProperties: false,
          required: ['licenceTypes'],
          properties: {
            licenceTypes: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['code', 'name', 'issuingDepartment', 'holderKind'],
                properties: { code: { type: 'string' }, name: { type: 'string' }, issuingDepartment: { type: 'string' }, holderKind: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  }, async () => {
    const rows = await app.db.knex('licence_type').select('code', 'name', 'issuing_department', 'holder_kind').orderBy('code');
    return { licenceTypes: rows.map((row: Record<string, string>) => ({ code: row.code, name: row.name, issuingDepartment: row.issuing_department, holderKind: row.holder_kind })) };
  });
}
