import type { ArchiveCase, Item, Licence, LicenceType } from '@tongban/schemas';
import { generateCatalogue, type Catalogue, type CatalogueOptions } from './catalogue';
import { CITY } from './data/city';
import { LICENCE_TYPE_ROWS, type LicenceTypeRow } from './data/licence-types';
import { GIVEN_NAME_CHARS_FEMALE, GIVEN_NAME_CHARS_MALE, ROAD_NAMES, SURNAMES } from './data/names';
import { DayTable } from './days';
import { DEMO_HOLDERS, HolderPool, districtName, type Holder } from './holders';
import { licenceIdentifierMaker } from './licence-identifier';
import { Random, cumulative } from './prng';

/** Defaults of the record streams: the reference scale of issue #2 and the holder pools they draw from. */
export const RECORD_DEFAULTS = {
  licences: 8_000_000,
  archiveCases: 4_500_000,
  /** Residents in the holder pool (about 2.2 million hold a licence at the default scale). */
  persons: 3_000_000,
  /** Organisations in the holder pool. */
  organisations: 1_000_000,
  /** Licence status is judged on this day (expired when valid until before it). */
  asOf: '2025-12-31',
  /** Archived cases were submitted in these years. */
  archiveFromYear: 2021,
  archiveToYear: 2025,
} as const;

/** Options shared by the record streams. */
export interface RecordOptions {
  /** Seed of the stream; defaults to the catalogue's seed. */
  seed?: number;
  /** A catalogue to draw types, items, departments and districts from, or options to generate one. */
  catalogue?: Catalogue | CatalogueOptions;
  persons?: number;
  organisations?: number;
}

/** Options of {@link licenceRecords}. */
export interface LicenceRecordOptions extends RecordOptions {
  /** Number of licences (default 8,000,000). */
  count?: number;
  /** Emit the demo holders' licences first (default true). */
  demoHolders?: boolean;
  asOf?: string;
}

/** Options of {@link archiveCases}. */
export interface ArchiveCaseOptions extends RecordOptions {
  /** Number of cases (default 4,500,000). */
  count?: number;
  fromYear?: number;
  toYear?: number;
}

function resolveCatalogue(option: RecordOptions['catalogue']): Catalogue {
  return option && 'items' in option && Array.isArray(option.items) ? option as Catalogue : generateCatalogue(option as CatalogueOptions | undefined);
}

/** Minimum age of the holder at issue, by licence type (the law's or common practice). */
const MIN_AGE: Record<string, number> = {
  'driving-licence': 18, 'vehicle-licence': 18, 'marriage-certificate': 22, 'teacher-certificate': 21, 'physician-licence': 24,
  'nurse-licence': 20, 'vocational-qualification': 18, 'real-estate-certificate': 18, 'retired-soldier-card': 20,
  'minimum-living-allowance': 18, 'household-register': 18,
};
/** Licences issued from this year on (the electronic licence catalogue aggregates from then). */
const FIRST_ISSUE_YEAR = 2005;
/** Licence types whose number is the holder's ID number. */
const NUMBER_IS_ID = new Set(['resident-id-card', 'social-security-card', 'driving-licence']);
const LICENCES_PER_HOLDER = cumulative([20, 30, 25, 15, 7, 3]);

interface TypeInfo {
  row: LicenceTypeRow;
  type: LicenceType;
  issuerName: string;
  issuerCreditCode: string;
  issuerCode: string;
  minAge: number;
  identifier: (serial: number) => string;
}

/**
 * The licence records (电子证照) of a catalogue, as a lazy stream of `licence` documents: the demo holders' first,
 * then holders taken in turn from the deterministic pools, each with 1–6 licences of different types (weighted by
 * how common each type is; age rules respected). Deterministic for a seed and options; constant memory.
 */
export function* licenceRecords(options: LicenceRecordOptions = {}): Generator<Licence> {
  const catalogue = resolveCatalogue(options.catalogue);
  const seed = options.seed ?? catalogue.options.seed;
  const count = options.count ?? RECORD_DEFAULTS.licences;
  const asOf = options.asOf ?? RECORD_DEFAULTS.asOf;
  const random = new Random(seed).fork('licences');
  const pool = new HolderPool({
    seed, persons: options.persons ?? RECORD_DEFAULTS.persons, organisations: options.organisations ?? RECORD_DEFAULTS.organisations,
    districts: catalogue.options.districts,
  });
  const days = new DayTable(1940, Number(asOf.slice(0, 4)) + 101);
  const asOfIndex = days.indexOf(asOf);
  const firstIssue = days.indexOf(`${FIRST_ISSUE_YEAR}-01-01`);
  const departments = new Map(catalogue.departments.map((d) => [d.code, d]));
  const infos: TypeInfo[] = catalogue.licenceTypes.map((type) => {
    const department = departments.get(type.issuingDepartment)!;
    return {
      row: LICENCE_TYPE_ROWS.find((row) => row.name === type.name)!, type, issuerName: department.name,
      issuerCreditCode: department.creditCode!, issuerCode: department.code, minAge: 0,
      identifier: licenceIdentifierMaker(type.code, department.creditCode!),
    };
  }).map((info) => ({ ...info, minAge: MIN_AGE[info.row.key] ?? 0 }));
  const byKind = {
    person: infos.filter((info) => info.type.holderKind === 'person'),
    organisation: infos.filter((info) => info.type.holderKind === 'organisation'),
  };
  const weights = {
    person: cumulative(byKind.person.map((info) => info.row.weight)),
    organisation: cumulative(byKind.organisation.map((info) => info.row.weight)),
  };
  const personShare = byKind.organisation.length === 0 ? 1 : byKind.person.length === 0 ? 0 : 0.7;
  const districtNames = Array.from({ length: catalogue.options.districts }, (_, i) => districtName(i));
  let serial = 0;

  const make = (holder: Holder, info: TypeInfo, issued: number): Licence => {
    serial += 1;
    const { row, type } = info;
    const years = type.validity.kind === 'fixed-term' ? type.validity.years! : 0;
    const validUntil = years ? days.addYears(issued, years) - 1 : -1;
    const statusRoll = random.next();
    const status = validUntil >= 0 && validUntil < asOfIndex ? 'expired'
      : statusRoll < 0.01 ? 'revoked' : statusRoll < 0.015 ? 'suspended' : 'valid';
    const issuedOn = days.days[issued]!;
    const data: Record<string, unknown> = {};
    for (const [key, , kind] of row.fields) {
      switch (kind.kind) {
        case 'holderName': data[key] = holder.name; break;
        case 'holderId': data[key] = holder.idNumber; break;
        case 'person': data[key] = random.pick(SURNAMES) + random.pick(random.chance(0.5) ? GIVEN_NAME_CHARS_MALE : GIVEN_NAME_CHARS_FEMALE) + random.pick(GIVEN_NAME_CHARS_FEMALE); break;
        case 'address': data[key] = `${CITY.name}${districtNames[random.int(districtNames.length)]}${random.pick(ROAD_NAMES)}${random.between(1, 999)}号`; break;
        case 'date': data[key] = key === 'birthDate' && holder.birthDate ? holder.birthDate : issuedOn; break;
        case 'number': data[key] = random.between(kind.min, kind.max); break;
        case 'enum': data[key] = key === 'gender' && holder.gender ? (holder.gender === 'male' ? '男' : '女') : random.pick(kind.values); break;
        case 'text': data[key] = random.pick(kind.values); break;
      }
    }
    return {
      schemaVersion: 1,
      identifier: info.identifier(serial),
      typeCode: type.code,
      number: NUMBER_IS_ID.has(row.key) ? holder.idNumber : `${row.numberPrefix}${issuedOn.slice(0, 4)}${String(serial % 10_000_000).padStart(7, '0')}`,
      holder: { kind: holder.kind, name: holder.name, idNumber: holder.idNumber },
      issuer: { name: info.issuerName, creditCode: info.issuerCreditCode, departmentCode: info.issuerCode },
      issuedOn,
      validFrom: issuedOn,
      validUntil: validUntil >= 0 ? days.days[validUntil]! : undefined,
      status,
      data,
      source: 'aggregated',
    };
  };

  /** The issue day of a type for a holder, or -1 when the holder cannot hold it yet. */
  const issueDay = (holder: Holder, info: TypeInfo): number => {
    if (info.row.key === 'birth-medical-certificate') {
      const birth = holder.birthDate ? days.indexOf(holder.birthDate) : -1;
      return birth >= days.indexOf('1996-01-01') && birth <= asOfIndex ? Math.min(asOfIndex, birth + random.int(4)) : -1;
    }
    const earliest = holder.birthDate ? Math.max(firstIssue, days.addYears(days.indexOf(holder.birthDate), info.minAge)) : firstIssue;
    return earliest > asOfIndex ? -1 : earliest + random.int(asOfIndex - earliest + 1);
  };

  if (options.demoHolders !== false) {
    for (const demo of DEMO_HOLDERS) {
      for (const key of demo.licences) {
        const info = infos.find((candidate) => candidate.row.key === key);
        if (!info || serial >= count) continue;
        const issued = issueDay(demo, info);
        if (issued >= 0) yield make(demo, info, issued);
      }
    }
  }
  let personCursor = 0;
  let organisationCursor = 0;
  while (serial < count) {
    const kind = random.next() < personShare ? 'person' : 'organisation';
    const holder = kind === 'person' ? pool.person(personCursor++ % pool.persons) : pool.organisation(organisationCursor++ % pool.organisations);
    const candidates = byKind[kind];
    const wanted = Math.min(candidates.length, random.weighted(LICENCES_PER_HOLDER) + 1);
    const taken = new Set<number>();
    for (let tries = 0; taken.size < wanted && tries < wanted * 4 && serial < count; tries += 1) {
      const t = random.weighted(weights[kind]);
      if (taken.has(t)) continue;
      taken.add(t);
      const issued = issueDay(holder, candidates[t]!);
      if (issued >= 0) yield make(holder, candidates[t]!, issued);
    }
  }
}

const CASE_RESULTS = ['approved', 'rejected', 'not-accepted', 'withdrawn', 'terminated'] as const;
const CASE_RESULT_WEIGHTS = cumulative([905, 20, 30, 35, 10]);
const GRADES = ['very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied'] as const;
const GRADE_WEIGHTS = cumulative([860, 100, 25, 10, 5]);
const LATE_GRADE_WEIGHTS = cumulative([450, 250, 150, 100, 50]);
const CHANNEL_WEIGHT: Record<string, number> = { online: 45, mobile: 20, window: 28, 'self-service': 3, mail: 1, assisted: 3 };
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * Archived cases (历史办件) over the catalogue's items, departments and districts, submitted on working days
 * (Monday to Friday) of 2021–2025: popularity follows a Zipf law over items, about 97% of approved cases close
 * within the committed time limit, a few percent are not accepted, withdrawn or rejected, and evaluation grades
 * are mostly 非常满意. Applicants come from the same holder pools as the licences. Deterministic; constant memory.
 */
export function* archiveCases(options: ArchiveCaseOptions = {}): Generator<ArchiveCase> {
  const catalogue = resolveCatalogue(options.catalogue);
  const seed = options.seed ?? catalogue.options.seed;
  const count = options.count ?? RECORD_DEFAULTS.archiveCases;
  const fromYear = options.fromYear ?? RECORD_DEFAULTS.archiveFromYear;
  const toYear = options.toYear ?? RECORD_DEFAULTS.archiveToYear;
  const random = new Random(seed).fork('archive-cases');
  const pool = new HolderPool({
    seed, persons: options.persons ?? RECORD_DEFAULTS.persons, organisations: options.organisations ?? RECORD_DEFAULTS.organisations,
    districts: catalogue.options.districts,
  });
  const table = new DayTable(fromYear, toYear + 1);
  const workdays: string[] = [];
  table.days.forEach((day) => {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) workdays.push(day);
  });
  const lastSubmitDay = workdays.findIndex((day) => day > `${toYear}-12-31`) - 1;
  const compact = workdays.map((day) => day.replaceAll('-', ''));

  const items: Item[] = [...catalogue.items];
  const order = random.fork('popularity');
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = order.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  const itemWeights = cumulative(items.map((_, rank) => 1 / (rank + 3) ** 1.05));
  const townships = new Map<string, string[]>();
  const villages = new Map<string, string[]>();
  for (const region of catalogue.regions) {
    const map = region.level === 'township' ? townships : region.level === 'village' ? villages : undefined;
    if (map) map.set(region.parentCode!, [...(map.get(region.parentCode!) ?? []), region.code]);
  }
  const districts = catalogue.regions.filter((r) => r.level === 'county').map((r) => r.code);
  const districtWeights = cumulative(districts.map((_, i) => 1 / (i + 2)));
  const channelTables = new Map<Item, { channels: Item['channels']; weights: Float64Array }>();
  for (const item of items) channelTables.set(item, { channels: item.channels, weights: cumulative(item.channels.map((c) => CHANNEL_WEIGHT[c] ?? 1)) });
  const reusesLicence = new Set(items.filter((item) => item.materials.some((m) => m.source === 'licence')).map((item) => item.code));
  const instant = (day: number, minutes: number) => `${workdays[day]}T${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}:${pad2(random.int(60))}+08:00`;

  for (let i = 0; i < count; i += 1) {
    const item = items[random.weighted(itemWeights)]!;
    const district = districts[random.weighted(districtWeights)]!;
    let level: ArchiveCase['level'] = 'county';
    let regionCode = district;
    const levelRoll = random.next();
    if (item.levels.includes('village') && levelRoll < 0.2) {
      const township = random.pick(townships.get(district) ?? [district]);
      regionCode = random.pick(villages.get(township) ?? [township]);
      level = regionCode.length === 12 ? 'village' : 'county';
    } else if (item.levels.includes('township') && levelRoll < 0.45) {
      regionCode = random.pick(townships.get(district) ?? [district]);
      level = regionCode.length === 9 ? 'township' : 'county';
    } else if (!item.levels.includes('county') || (item.levels.includes('city') && levelRoll < 0.3)) {
      regionCode = CITY.code;
      level = 'city';
    }
    const kind = item.serviceObjects.length > 1 ? (random.chance(0.6) ? 'person' : 'organisation') : item.serviceObjects[0]!;
    const applicant = kind === 'person' ? pool.person(random.int(pool.persons)) : pool.organisation(random.int(pool.organisations));
    const { channels, weights } = channelTables.get(item)!;
    const channel = channels[random.weighted(weights)]!;
    const online = channel === 'online' || channel === 'mobile';
    const submitDay = random.int(lastSubmitDay + 1);
    const submitMinute = online ? random.between(7 * 60, 23 * 60) : random.between(8 * 60 + 30, 17 * 60 + 15);
    const result = CASE_RESULTS[random.weighted(CASE_RESULT_WEIGHTS)]!;
    const committed = item.committedTimeLimitDays;
    const sameDayAccept = submitMinute + random.between(5, 120);
    const acceptNextDay = sameDayAccept > 17 * 60 + 30 || (online && random.chance(0.3));
    const acceptDay = Math.min(workdays.length - 1, submitDay + (acceptNextDay ? 1 : 0));
    const acceptMinute = acceptNextDay ? random.between(8 * 60 + 30, 11 * 60) : sameDayAccept;
    const overdue = result === 'approved' && random.chance(0.03);
    const elapsed = result === 'not-accepted' ? random.int(2) * 0.5
      : overdue ? committed + random.between(1, 6) + random.int(2) * 0.5
        : Math.round(Math.max(0.5, committed * (0.15 + 0.85 * random.next() ** 1.6)) * 2) / 2;
    const closeDay = Math.min(workdays.length - 1, acceptDay + Math.ceil(elapsed));
    const closeMinute = closeDay === acceptDay ? Math.min(17 * 60 + 50, acceptMinute + random.between(10, 240)) : random.between(9 * 60, 17 * 60 + 30);
    const evaluated = random.chance(0.82);
    const record: ArchiveCase = {
      schemaVersion: 1,
      caseNumber: `${regionCode.slice(0, 6).padEnd(6, '0')}-${item.code}-${compact[submitDay]}-${String(i + 1).padStart(7, '0')}`,
      itemCode: item.code,
      itemName: item.name,
      departmentCode: item.implementingDepartment,
      regionCode,
      level,
      applicant: { kind, name: applicant.name, idNumber: applicant.idNumber },
      channel,
      submittedAt: instant(submitDay, submitMinute),
      acceptedAt: result === 'not-accepted' ? undefined : instant(acceptDay, acceptMinute),
      closedAt: instant(closeDay, closeMinute),
      dueAt: `${workdays[Math.min(workdays.length - 1, acceptDay + committed)]}T17:30:00+08:00`,
      result,
      committedTimeLimitDays: committed,
      elapsedWorkingDays: elapsed,
      visits: online ? 0 : random.chance(0.85) ? 1 : 2,
      handledOnline: online,
      licenceReused: reusesLicence.has(item.code) && random.chance(0.7),
      evaluationGrade: evaluated ? GRADES[random.weighted(overdue ? LATE_GRADE_WEIGHTS : GRADE_WEIGHTS)]! : undefined,
      sourceSystem: workdays[submitDay]! < '2023-07-01' ? '江屿市网上办事大厅（2018版）' : '江屿市一体化政务服务平台',
    };
    yield record;
  }
}
