import type { Knex } from 'knex';

interface DepartmentEntry {
  code: string;
  name: string;
  regionCode: string;
  level: string;
  parentCode: string | null;
}

/**
 * Names and hierarchy for the figures: a department's root (a district branch belongs to its city department, so
 * live and archived cases, and the branches of one department, rank together), and the names of departments,
 * branches, regions and items. Reloaded after `ttlMs`; these tables change rarely.
 */
export class Directory {
  private cache: {
    loadedAt: number;
    departments: Map<string, DepartmentEntry>;
    branches: Map<string, DepartmentEntry>;
    regions: Map<string, { name: string; level: string }>;
    items: Map<string, string>;
  } | undefined;
  private loading: Promise<NonNullable<Directory['cache']>> | undefined;

  constructor(private readonly knex: Knex, private readonly ttlMs = 60_000) {}

  /**
   * The cached tables, reloaded when stale. Inside a transaction pass it as `db`: a transaction never waits for a
   * second pool connection (under load that starves the pool).
   */
  private async load(db: Knex = this.knex) {
    if (this.cache && Date.now() - this.cache.loadedAt < this.ttlMs) return this.cache;
    if (db !== this.knex) return this.read(db);
    this.loading ??= this.read(db).finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async read(db: Knex) {
    // One query after another: a transaction runs its statements on one connection.
    const departmentRows = await db('department').select('code', 'name', 'region_code', 'level', 'parent_code');
    const regionRows = await db('region').select('code', 'name', 'level');
    const itemRows = await db('item').select('code', 'name');
    const departments = new Map<string, DepartmentEntry>();
    const branches = new Map<string, DepartmentEntry>();
    for (const row of departmentRows as Array<{ code: string; name: string; region_code: string; level: string; parent_code: string | null }>) {
      const entry = { code: row.code, name: row.name, regionCode: row.region_code, level: row.level, parentCode: row.parent_code };
      departments.set(row.code, entry);
      if (row.parent_code) branches.set(`${row.parent_code}@${row.region_code}`, entry);
    }
    const regions = new Map<string, { name: string; level: string }>((regionRows as Array<{ code: string; name: string; level: string }>)
      .map((row) => [row.code, { name: row.name, level: row.level }]));
    const items = new Map<string, string>((itemRows as Array<{ code: string; name: string }>).map((row) => [row.code, row.name]));
    this.cache = { loadedAt: Date.now(), departments, branches, regions, items };
    return this.cache;
  }

  /** The department a code rolls up to: its top ancestor (the city department of a district branch). */
  async rootOf(code: string, db?: Knex): Promise<string> {
    const { departments } = await this.load(db);
    let current = departments.get(code);
    for (let depth = 0; current?.parentCode && depth < 10; depth += 1) {
      const parent = departments.get(current.parentCode);
      if (!parent) return current.parentCode;
      current = parent;
    }
    return current?.code ?? code;
  }

  /** The name of a department; with a district, its branch there when it has one (滨江区市场监督管理局). */
  async departmentName(code: string, district?: string, db?: Knex): Promise<string> {
    const { departments, branches } = await this.load(db);
    if (district) {
      const branch = branches.get(`${code}@${district}`);
      if (branch) return branch.name;
    }
    return departments.get(code)?.name ?? code;
  }

  /** A department's region and level. */
  async department(code: string, db?: Knex): Promise<{ regionCode: string; level: string; name: string } | undefined> {
    const { departments } = await this.load(db);
    const entry = departments.get(code);
    return entry ? { regionCode: entry.regionCode, level: entry.level, name: entry.name } : undefined;
  }

  async regionName(code: string): Promise<string> {
    const { regions } = await this.load();
    return regions.get(code)?.name ?? code;
  }

  async regionLevel(code: string): Promise<string | undefined> {
    const { regions } = await this.load();
    return regions.get(code)?.level;
  }

  async itemName(code: string, db?: Knex): Promise<string> {
    const { items } = await this.load(db);
    return items.get(code) ?? code;
  }
}
