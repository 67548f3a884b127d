import type { Department, Region } from '@tongban/schemas';
import type { Level, Role } from '../plugins/auth';

/** A seeded demo user; every one logs in with {@link DEMO_PASSWORD}. */
export interface DemoUser {
  id: string;
  name: string;
  password: string;
  roles: Role[];
  level: Level;
  regionCode?: string;
  departmentCode?: string;
  idNumber?: string;
  creditCode?: string;
}

/** The demo users' password (development only; README lists the users). */
export const DEMO_PASSWORD = 'tongban2026';

/** A user the example catalogue defines: a demo applicant (a demo holder) or a member of a department's staff. */
export interface CatalogueUserInput {
  username: string;
  name: string;
  kind: 'applicant' | 'staff';
  roles: string[];
  departmentCode?: string;
  regionCode?: string;
  holderKind?: 'person' | 'organisation';
  idNumber?: string;
}

/**
 * Demo users for every role at every level, derived from the catalogue so no code names a department or region:
 * the catalogue's staff (acceptance clerks, reviewers, deciders and delivery clerks of every city department and
 * of the staffed districts' branches) and applicants (the demo holders); plus an administrator, an item manager and
 * two publishers (four eyes) at city level, supervisors at province, city and district level, and service-point
 * clerks at a township and a village (nearby handling).
 */
export function demoUsers(catalogue: { regions: Region[]; departments: Department[] }, catalogueUsers: CatalogueUserInput[] = []): DemoUser[] {
  const byLevel = (level: string) => catalogue.regions.filter((region) => region.level === level).sort((a, b) => a.code.localeCompare(b.code));
  const province = byLevel('province')[0];
  const city = byLevel('city')[0];
  const districts = byLevel('county').filter((region) => !city || region.code.startsWith(city.code));
  const township = byLevel('township').find((region) => districts[0] && region.code.startsWith(districts[0].code));
  const village = byLevel('village').find((region) => township && region.code.startsWith(township.code));
  const levelOf = new Map(catalogue.departments.map((department) => [department.code, department.level as Level]));
  const users: DemoUser[] = [];
  const add = (user: Omit<DemoUser, 'password'>) => users.push({ ...user, password: DEMO_PASSWORD });

  if (city) {
    add({ id: 'admin', name: '系统管理员', roles: ['admin'], level: 'city', regionCode: city.code });
    add({ id: 'city.manager', name: '事项管理员（市）', roles: ['item-manager'], level: 'city', regionCode: city.code });
    add({ id: 'city.publisher', name: '事项发布员（市）', roles: ['publisher', 'item-manager'], level: 'city', regionCode: city.code });
    add({ id: 'city.approver', name: '事项审核发布员（市）', roles: ['publisher'], level: 'city', regionCode: city.code });
    add({ id: 'city.supervisor', name: '效能督查员（市）', roles: ['supervisor'], level: 'city', regionCode: city.code });
  }
  if (province) add({ id: 'province.supervisor', name: '效能督查员（省）', roles: ['supervisor'], level: 'province', regionCode: province.code });
  districts.slice(0, 2).forEach((district, index) => {
    add({ id: `district${index + 1}.supervisor`, name: `效能督查员（${district.name}）`, roles: ['supervisor'], level: 'county', regionCode: district.code });
  });
  if (township) add({ id: 'township.clerk', name: `便民服务中心受理员（${township.name}）`, roles: ['acceptance-clerk'], level: 'township', regionCode: township.code });
  if (village) add({ id: 'village.clerk', name: `便民服务站代办员（${village.name}）`, roles: ['acceptance-clerk'], level: 'village', regionCode: village.code });
  for (const user of catalogueUsers) {
    if (user.kind === 'applicant') {
      add({
        id: user.username,
        name: user.name,
        roles: ['applicant'],
        level: 'public',
        ...(user.regionCode ? { regionCode: user.regionCode } : {}),
        ...(user.holderKind === 'organisation' ? { creditCode: user.idNumber } : { idNumber: user.idNumber }),
      });
    } else {
      add({
        id: user.username,
        name: user.name,
        roles: user.roles.filter((role): role is Role => ['acceptance-clerk', 'reviewer', 'decider', 'clerk'].includes(role)),
        level: (user.departmentCode && levelOf.get(user.departmentCode)) || 'city',
        ...(user.regionCode ? { regionCode: user.regionCode } : {}),
        ...(user.departmentCode ? { departmentCode: user.departmentCode } : {}),
      });
    }
  }
  return users;
}
