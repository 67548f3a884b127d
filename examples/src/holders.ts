import { CREDIT_CODE_ALPHABET, computeCreditCodeCheck, computeOrganisationCodeCheck, computeResidentIdCheck, makeCreditCode, makeResidentId } from '@tongban/gov-codes';
import { CITY, DISTRICT_NAME_ROOTS } from './data/city';
import { DayTable } from './days';
import { GIVEN_NAME_CHARS_FEMALE, GIVEN_NAME_CHARS_MALE, INDUSTRIES, ORGANISATION_FORMS, SURNAMES, TRADE_NAME_CHARS } from './data/names';
import { Random, hashString } from './prng';

/** A licence holder or applicant: a resident (resident ID) or an organisation (credit code). */
export interface Holder {
  kind: 'person' | 'organisation';
  name: string;
  /** Resident ID number (GB 11643) or unified social credit code (GB 32100). */
  idNumber: string;
  /** County-level region code of registration. */
  regionCode: string;
  /** Birth date `YYYY-MM-DD` (persons only). */
  birthDate?: string;
  gender?: 'male' | 'female';
}

/** A fixed demo holder: always the same, whatever the seed; seeded as a demo applicant user. */
export interface DemoHolder extends Holder {
  username: string;
  /** Keys of the licence types the demo holder holds (those in the catalogue are emitted first). */
  licences: readonly string[];
}

const person = (username: string, name: string, gender: 'male' | 'female', region: string, birthDate: string, sequence: number, licences: string[]): DemoHolder => ({
  username, kind: 'person', name, gender, regionCode: region, birthDate, licences,
  idNumber: makeResidentId({ region, birthDate, sequence }),
});
const organisation = (username: string, name: string, region: string, body: string, licences: string[]): DemoHolder => ({
  username, kind: 'organisation', name, regionCode: region, licences,
  idNumber: makeCreditCode({ authority: '9', entityType: '1', region, organisationBody: body }),
});

/**
 * The demo holders (documented in examples/README.md). Their numbers are valid but fictional: the region codes
 * are those of the fictional city (4499xx).
 */
export const DEMO_HOLDERS: readonly DemoHolder[] = [
  person('demo-wang', '王晓明', 'male', '449902', '1990-03-15', 451,
    ['resident-id-card', 'household-register', 'social-security-card', 'driving-licence', 'vehicle-licence', 'marriage-certificate', 'real-estate-certificate']),
  person('demo-li', '李秀英', 'female', '449903', '1985-11-02', 262,
    ['resident-id-card', 'household-register', 'social-security-card', 'marriage-certificate', 'teacher-certificate']),
  person('demo-chen', '陈子轩', 'male', '449902', '2025-06-18', 113, ['birth-medical-certificate', 'social-security-card']),
  person('demo-zhang', '张建国', 'male', '449904', '1962-08-09', 315,
    ['resident-id-card', 'household-register', 'social-security-card', 'disability-certificate', 'minimum-living-allowance']),
  organisation('demo-yunfan', '江屿市云帆餐饮管理有限公司', '449902', 'MA5G2X1Y',
    ['business-licence', 'food-business-licence', 'public-place-hygiene-permit', 'fire-safety-inspection']),
  organisation('demo-zhizao', '江屿市屿北智造科技有限公司', '449903', 'MA7H3K2N',
    ['business-licence', 'pollutant-discharge-permit', 'special-equipment-use-registration', 'drainage-permit']),
  organisation('demo-jianshe', '江屿滨江建设集团有限公司', '449902', 'MA1Q8W4R',
    ['business-licence', 'construction-enterprise-qualification', 'safety-production-licence', 'land-use-planning-permit', 'construction-planning-permit', 'construction-permit']),
];

/** Region codes of the districts of a catalogue of `districts` districts (449902, 449903, …). */
export function districtCodes(districts: number): string[] {
  return Array.from({ length: districts }, (_, i) => `${CITY.code}${String(i + 2).padStart(2, '0')}`);
}

/** The name of the i-th district. */
export function districtName(i: number): string {
  const roots = DISTRICT_NAME_ROOTS;
  return `${roots[i % roots.length]}${i >= roots.length ? String(Math.floor(i / roots.length) + 1) : ''}区`;
}

const BIRTH_DAYS = new DayTable(1940, 2025);
const COMPACT_BIRTH_DAYS = BIRTH_DAYS.days.map((day) => day.replaceAll('-', ''));
const CHILD_FROM = BIRTH_DAYS.indexOf('2005-01-01');
const BODY_SPACE = 31 ** 6;
/** Not a multiple of 31 and small enough for exact arithmetic, so `i * BODY_STEP mod 31^6` is a bijection: distinct holders, distinct codes. */
const BODY_STEP = 7_777_777;

/**
 * Deterministic pools of holders: holder i of a kind is a pure function of (seed, kind, i), so licence records
 * and archived cases drawn from the same pools share holders without keeping them in memory.
 */
export class HolderPool {
  readonly persons: number;
  readonly organisations: number;
  private readonly districts: readonly string[];
  private readonly districtNames: readonly string[];
  private readonly seed: number;

  constructor(options: { seed: number; persons: number; organisations: number; districts: number }) {
    this.seed = (options.seed ^ hashString('holders')) >>> 0;
    this.persons = options.persons;
    this.organisations = options.organisations;
    this.districts = districtCodes(Math.max(1, options.districts));
    this.districtNames = this.districts.map((_, i) => districtName(i));
  }

  /** The i-th resident (0 <= i < persons); about 18% are children born 2005 or later. */
  person(i: number): Holder {
    const random = new Random((this.seed + Math.imul(i, 0x9e3779b1)) | 0);
    const regionCode = this.districts[random.int(this.districts.length)]!;
    const child = random.chance(0.18);
    const day = child ? CHILD_FROM + random.int(BIRTH_DAYS.days.length - CHILD_FROM) : random.int(CHILD_FROM);
    const sequence = random.int(1000);
    const gender = sequence % 2 === 1 ? 'male' : 'female';
    const chars = gender === 'male' ? GIVEN_NAME_CHARS_MALE : GIVEN_NAME_CHARS_FEMALE;
    const given = random.chance(0.25) ? random.pick(chars) : random.pick(chars) + random.pick(chars);
    // The parts are valid by construction, so the check is computed directly (makeResidentId re-validates them).
    const first17 = `${regionCode}${COMPACT_BIRTH_DAYS[day]}${sequence < 10 ? '00' : sequence < 100 ? '0' : ''}${sequence}`;
    return {
      kind: 'person', name: random.pick(SURNAMES) + given, regionCode, birthDate: BIRTH_DAYS.days[day]!, gender,
      idNumber: first17 + computeResidentIdCheck(first17),
    };
  }

  /** The i-th organisation (0 <= i < organisations); companies, sole traders and cooperatives. */
  organisation(i: number): Holder {
    const random = new Random((this.seed ^ 0x5bd1e995) + Math.imul(i, 0x85ebca6b));
    const d = random.int(this.districts.length);
    const regionCode = this.districts[d]!;
    let n = (((i % BODY_SPACE) * BODY_STEP) % BODY_SPACE + BODY_SPACE) % BODY_SPACE;
    let body = '';
    for (let k = 0; k < 6; k += 1) {
      body = CREDIT_CODE_ALPHABET[n % 31] + body;
      n = Math.floor(n / 31);
    }
    const kindRoll = random.next();
    const entityType = kindRoll < 0.8 ? '1' : kindRoll < 0.96 ? '2' : '3';
    const trade = random.pick(TRADE_NAME_CHARS) + random.pick(TRADE_NAME_CHARS);
    const industry = random.pick(INDUSTRIES);
    const name = entityType === '1'
      ? `${CITY.name}${trade}${industry}${random.pick(ORGANISATION_FORMS.slice(0, 5))}`
      : entityType === '2'
        ? `${CITY.name}${this.districtNames[d]}${trade}${industry.slice(0, 2)}${random.pick(['店', '商行', '工作室', '经营部'])}`
        : `${CITY.name}${this.districtNames[d]}${trade}${random.pick(['果蔬', '水产', '茶叶', '花卉', '养殖'])}专业合作社`;
    const organisationBody = `MA${body}`;
    const first17 = `9${entityType}${regionCode}${organisationBody}${computeOrganisationCodeCheck(organisationBody)}`;
    return { kind: 'organisation', name, regionCode, idNumber: first17 + computeCreditCodeCheck(first17) };
  }
}
