import type { Knex } from 'knex';
import type { Principal, Role, Level } from '../../plugins/auth';

interface UserRow {
  id: string;
  name: string;
  roles: string[];
  level: string;
  region_code: string | null;
  department_code: string | null;
  id_number: string | null;
  credit_code: string | null;
  password_hash: string | null;
  demo: boolean;
}

/** A stored user with its password hash. */
export interface StoredUser {
  principal: Principal;
  passwordHash: string | null;
  demo: boolean;
}

const toPrincipal = (row: UserRow): Principal => ({
  id: row.id,
  name: row.name,
  roles: row.roles as Role[],
  level: row.level as Level,
  ...(row.region_code ? { regionCode: row.region_code } : {}),
  ...(row.department_code ? { departmentCode: row.department_code } : {}),
  ...(row.id_number ? { idNumber: row.id_number } : {}),
  ...(row.credit_code ? { creditCode: row.credit_code } : {}),
});

/** Finds a user by id. */
export async function findUser(knex: Knex, id: string): Promise<StoredUser | undefined> {
  const row = (await knex<UserRow>('app_user').where({ id }).first()) as UserRow | undefined;
  return row ? { principal: toPrincipal(row), passwordHash: row.password_hash, demo: row.demo } : undefined;
}

/** Lists the demo users (the README lists them too). */
export async function listDemoUsers(knex: Knex): Promise<Principal[]> {
  const rows = (await knex<UserRow>('app_user').where({ demo: true }).orderBy('id')) as UserRow[];
  return rows.map(toPrincipal);
}
