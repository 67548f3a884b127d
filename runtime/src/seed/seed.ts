import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Category, Department, Item, LicenceType, Region } from '@tongban/schemas';
import { validate } from '@tongban/schemas';
import { seedRows } from '@tongban/calendar';
import { demoUsers, type CatalogueUserInput, type DemoUser } from './demo-users';
import { hashPassword } from './password';
import { exampleCatalogue } from './example-catalogue';

/** An item with the contents of the files its definition references. */
export interface ItemBundle {
  item: Item;
  bpmn: string;
  forms: Record<string, unknown>;
}

/** Everything the seed loads. */
export interface SeedCatalogue {
  regions: Region[];
  departments: Department[];
  categories: Category[];
  licenceTypes: LicenceType[];
  items: ItemBundle[];
}

/** Options of {@link seedCatalogue}. */
export interface SeedOptions {
  /** When the seeded versions take effect; defaults to now. */
  now?: Date;
  catalogue?: SeedCatalogue;
  users?: DemoUser[];
}

/** What a seed wrote. */
export interface SeedReport {
  regions: number;
  departments: number;
  categories: number;
  licenceTypes: number;
  items: number;
  users: number;
  calendarDays: number;
}

/** SHA-256 of an item version's content, which identifies identical republications. */
export function contentHash(bundle: ItemBundle): string {
  return createHash('sha256')
    .update(JSON.stringify(bundle.item))
    .update('\u0000')
    .update(bundle.bpmn)
    .update('\u0000')
    .update(JSON.stringify(bundle.forms))
    .digest('hex');
}

const CHUNK = 200;

/** Refuses a catalogue with an invalid document, naming every problem, before anything is written. */
function assertValid(catalogue: SeedCatalogue): void {
  const problems: string[] = [];
  const check = (contract: Parameters<typeof validate>[0], document: unknown, label: string) => {
    const result = validate(contract, document);
    if (!result.ok) problems.push(`${label}: ${result.issues.map((issue) => `${issue.path} ${issue.code}`).join(', ')}`);
  };
  catalogue.regions.forEach((region) => check('region', region, `region ${region.code}`));
  catalogue.departments.forEach((department) => check('department', department, `department ${department.code}`));
  catalogue.categories.forEach((category) => check('category', category, `category ${category.code}`));
  catalogue.licenceTypes.forEach((type) => check('licenceType', type, `licence type ${type.code}`));
  catalogue.items.forEach(({ item }) => check('item', item, `item ${item.code}`));
  if (problems.length > 0) throw new Error(`the seed catalogue is invalid:\n${problems.slice(0, 50).join('\n')}`);
}

/** Sorts regions so every parent comes before its children. */
const byDepth = (regions: Region[]) => [...regions].sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));

/**
 * Loads the example catalogue and the demo users in one transaction: regions, departments, categories, licence
 * types, and every item with its first published version effective from `now`. Idempotent: rows that exist are
 * left as they are, so a second seed writes nothing.
 */
export async function seedCatalogue(knex: Knex, options: SeedOptions = {}): Promise<SeedReport> {
  const catalogue = options.catalogue ?? (await exampleCatalogue());
  const users = options.users ?? demoUsers(catalogue, 'users' in catalogue ? (catalogue.users as CatalogueUserInput[]) : []);
  const now = options.now ?? new Date();
  assertValid(catalogue);
  return knex.transaction(async (trx) => {
    const insert = async (table: string, rows: object[], key: string) => {
      let written = 0;
      for (let i = 0; i < rows.length; i += CHUNK) {
        const result = await trx(table).insert(rows.slice(i, i + CHUNK)).onConflict(key).ignore().returning(key);
        written += result.length;
      }
      return written;
    };
    const regions = await insert('region', byDepth(catalogue.regions).map((region) => ({
      code: region.code, name: region.name, level: region.level, parent_code: region.parentCode ?? null,
    })), 'code');
    const departments = await insert('department', catalogue.departments.map((department) => ({
      code: department.code,
      name: department.name,
      short_name: department.shortName ?? null,
      credit_code: department.creditCode ?? null,
      region_code: department.regionCode,
      level: department.level,
      parent_code: department.parentCode ?? null,
      document: JSON.stringify(department),
    })), 'code');
    const parentsFirst = [...catalogue.categories].sort((a, b) => Number(Boolean(a.parentCode)) - Number(Boolean(b.parentCode)));
    const categories = await insert('category', parentsFirst.map((category, position) => ({
      code: category.code,
      name: category.name,
      parent_code: category.parentCode ?? null,
      audience: category.audience ?? null,
      position,
    })), 'code');
    const licenceTypes = await insert('licence_type', catalogue.licenceTypes.map((type) => ({
      code: type.code,
      name: type.name,
      issuing_department: type.issuingDepartment,
      holder_kind: type.holderKind,
      document: JSON.stringify(type),
    })), 'code');
    const newItems = new Set<string>(
      (await Promise.all(
        chunks(catalogue.items, CHUNK).map(async (bundles) =>
          trx('item').insert(bundles.map(({ item }) => ({
            code: item.code,
            name: item.name,
            type: item.type,
            sub_category_code: item.subCategoryCode,
            department_code: item.implementingDepartment,
            levels: item.levels,
          }))).onConflict('code').ignore().returning('code')),
      )).flat().map((row: { code: string }) => row.code),
    );
    const versions = catalogue.items.filter(({ item }) => newItems.has(item.code)).map((bundle) => ({
      item_code: bundle.item.code,
      version: 1,
      status: 'published',
      effective_from: bundle.item.effectiveFrom ? new Date(`${bundle.item.effectiveFrom}T00:00:00+08:00`) : now,
      document: JSON.stringify(bundle.item),
      bpmn: bundle.bpmn,
      forms: JSON.stringify(bundle.forms),
      content_hash: contentHash(bundle),
      created_by: 'seed',
      created_at: now,
      published_by: 'seed',
      published_at: now,
      reason: '初始化示例目录 / initial example catalogue',
    }));
    for (const rows of chunks(versions, CHUNK)) await trx('item_version').insert(rows);
    // Demo users share one password; hash each distinct password once (scrypt is deliberately slow).
    const hashes = new Map<string, string>();
    const hashOf = (password: string) => {
      let hash = hashes.get(password);
      if (!hash) hashes.set(password, (hash = hashPassword(password)));
      return hash;
    };
    const userRows = users.map((user) => ({
      id: user.id,
      name: user.name,
      roles: user.roles,
      level: user.level,
      region_code: user.regionCode ?? null,
      department_code: user.departmentCode ?? null,
      id_number: user.idNumber ?? null,
      credit_code: user.creditCode ?? null,
      password_hash: hashOf(user.password),
      demo: true,
    }));
    const usersWritten = await insert('app_user', userRows, 'id');
    const calendarDays = await insert('calendar_day', seedRows().map((row) => ({
      date: row.date,
      kind: row.kind,
      name: row.name ?? null,
      source: row.provisional ? `${row.source}（暂定 / provisional）` : row.source,
      updated_by: 'seed',
    })), 'date');
    return { regions, departments, categories, licenceTypes, items: newItems.size, users: usersWritten, calendarDays };
  });
}

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
