import type { Knex } from 'knex';

interface DepartmentEntry {
  code: string;
  regionCode: string;
  level: string;
  parentCode: string | null;
}

/** Where a department sits: the department that handles work in a region, with its region and level. */
export interface ResolvedDepartment {
  code: string;
  regionCode: string;
  level: string;
}

/**
 * Maps a department named by an item or a task header (usually the city department) to the department that
 * handles the work in the application's region: its branch in that region when there is one (e.g. a district's
 * market regulation bureau), else the department itself. Departments change rarely; the map is reloaded after
 * `ttlMs`.
 */
export class DepartmentDirectory {
  private cache: { loadedAt: number; byCode: Map<string, DepartmentEntry>; branches: Map<string, DepartmentEntry> } | undefined;

  constructor(private readonly knex: Knex, private readonly ttlMs = 60_000) {}

  private async load(db: Knex) {
    if (this.cache && Date.now() - this.cache.loadedAt < this.ttlMs) return this.cache;
    const rows = await db('department').select('code', 'region_code', 'level', 'parent_code');
    const byCode = new Map<string, DepartmentEntry>();
    const branches = new Map<string, DepartmentEntry>();
    for (const row of rows as Array<{ code: string; region_code: string; level: string; parent_code: string | null }>) {
      const entry = { code: row.code, regionCode: row.region_code, level: row.level, parentCode: row.parent_code };
      byCode.set(entry.code, entry);
      if (entry.parentCode) branches.set(`${entry.parentCode}@${entry.regionCode}`, entry);
    }
    this.cache = { loadedAt: Date.now(), byCode, branches };
    return this.cache;
  }

  /**
   * The department handling `code`'s work in `regionCode`, walking up the region's ancestors. Inside a transaction
   * pass it as `db`, so a reload never waits for a second pool connection.
   */
  async resolve(code: string, regionCode: string, db: Knex = this.knex): Promise<ResolvedDepartment | undefined> {
    const { byCode, branches } = await this.load(db);
    for (const length of [12, 9, 6, 4, 2]) {
      if (regionCode.length < length) continue;
      const branch = branches.get(`${code}@${regionCode.slice(0, length)}`);
      if (branch) return { code: branch.code, regionCode: branch.regionCode, level: branch.level };
    }
    const entry = byCode.get(code);
    return entry ? { code: entry.code, regionCode: entry.regionCode, level: entry.level } : undefined;
  }
}
