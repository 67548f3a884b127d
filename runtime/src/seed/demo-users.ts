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

/** Demo applicants: fixed example holders, so they own licences in the generated licence library. */
export interface DemoApplicant {
  id: string;
  name: string;
  idNumber?: string;
  creditCode?: string;
}

const slug = (code: string) => code.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/**
 * Demo users for every role at every level, derived from the catalogue so no code names a department or region:
 * an administrator; an item manager and two publishers (four eyes) at city level; acceptance clerks, reviewers,
 * deciders and delivery clerks of every city department, and of the first two districts' departments (to try
 * cross-district access); supervisors at province, city and district level; service-point clerks at a township and
 * a village (nearby handling); and applicants at the public level.
 */
export function demoUsers(catalogue: { regions: Region[]; departments: Department[] }, applicants: DemoApplicant[] = []): DemoUser[] {
  const byLevel = (level: string) => catalogue.regions.filter((region) => region.level === level).sort((a, b) => a.code.localeCompare(b.code));
  const province = byLevel('province')[0];
  const city = byLevel('city')[0];
  const districts = byLevel('county').filter((region) => !city || region.code.startsWith(city.code));
  const township = byLevel('township').find((region) => districts[0] && region.code.startsWith(districts[0].code));
  const village = byLevel('village').find((region) => township && region.code.startsWith(township.code));
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

  const staffRoles: Array<[Role, string]> = [
    ['acceptance-clerk', '受理员'], ['reviewer', '审核员'], ['decider', '审批决定人'], ['clerk', '办结送达员'],
  ];
  const staffed = catalogue.departments.filter((department) =>
    department.level === 'city' || (department.level === 'county' && districts.slice(0, 2).some((d) => d.code === department.regionCode)));
  for (const department of staffed) {
    for (const [role, title] of staffRoles) {
      add({
        id: `${slug(department.code)}.${role}`,
        name: `${department.shortName ?? department.name}${title}`,
        roles: [role],
        level: department.level as Level,
        regionCode: department.regionCode,
        departmentCode: department.code,
      });
    }
  }
  districts.slice(0, 2).forEach((district, index) => {
    add({ id: `district${index + 1}.supervisor`, name: `效能督查员（${district.name}）`, roles: ['supervisor'], level: 'county', regionCode: district.code });
  });
  if (township) add({ id: 'township.clerk', name: `便民服务中心受理员（${township.name}）`, roles: ['acceptance-clerk'], level: 'township', regionCode: township.code });
  if (village) add({ id: 'village.clerk', name: `便民服务站代办员（${village.name}）`, roles: ['acceptance-clerk'], level: 'village', regionCode: village.code });
  for (const applicant of applicants) {
    add({
      id: applicant.id,
      name: applicant.name,
      roles: ['applicant'],
      level: 'public',
      ...(applicant.idNumber ? { idNumber: applicant.idNumber } : {}),
      ...(applicant.creditCode ? { creditCode: applicant.creditCode } : {}),
    });
  }
  return users;
}
