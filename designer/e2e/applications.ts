/**
 * Applications the journeys submit through `@tongban/client`, as an applicant's own system would: complete and valid
 * for the seeded demo data (the same applicants and licences as the runtime's tests).
 */
import type { ApplicationSubmission, Item } from '@tongban/schemas';
import type { TongbanClient } from '@tongban/client';
import { pdf } from './support';

/** 江屿市云帆餐饮管理有限公司 (`demo-yunfan`). */
const YUNFAN = { kind: 'organisation', name: '江屿市云帆餐饮管理有限公司', creditCode: '91449902MA5G2X1Y6D', legalRepresentative: { name: '王晓明', idNumber: '449902199003154519' } };
/** 江屿滨江建设集团有限公司 (`demo-jianshe`). */
const JIANSHE = { kind: 'organisation', name: '江屿滨江建设集团有限公司', creditCode: '91449902MA1Q8W4RXK' };

/** The demo holders' licences a food licence application reuses (seeded by `tongban seed`). */
const FOOD_LICENCES: Record<string, string> = {
  M002: '1.2.156.3005.2.111000000001001324001.11449900MB002001XL.20.001.9',
  M003: '1.2.156.3005.2.111000000001040103001.11449900MB00321257.1.001.A',
};
const FOOD_FILES = ['M001', 'M004', 'M005', 'M006', 'M007'];

async function upload(client: TongbanClient, name: string) {
  const { fileId } = await client.files.upload(pdf(name), `${name}.pdf`);
  return { fileId, name: `${name}.pdf`, mediaType: 'application/pdf' };
}

/**
 * A food business licence (XK00001001) application of 云帆餐饮 in 滨江区, as `item` (the version in force) asks:
 * the reused licences and files of the seeded item, plus a file for every other required material a new version
 * added. The files declare no size, so the review assistant compares nothing it cannot see.
 */
export async function foodApplication(client: TongbanClient, item: Item, formData: Record<string, unknown> = {}): Promise<ApplicationSubmission> {
  const file = await upload(client, '申请材料');
  const extra = item.materials.filter((material) => material.requirement === 'required' && !FOOD_LICENCES[material.id] && !FOOD_FILES.includes(material.id));
  return {
    itemCode: 'XK00001001',
    regionCode: '449902',
    channel: 'online',
    applicant: YUNFAN,
    formData: {
      organisationName: YUNFAN.name, creditCode: YUNFAN.creditCode, legalRepresentative: '王晓明', legalRepresentativeIdNumber: '449902199003154519',
      address: '江屿市滨江区望江路88号', contactName: '王晓明', contactPhone: '13800138000', premisesAddress: '江屿市滨江区望江路88号一楼',
      premisesAreaSquareMetres: 120, mainBusiness: 'catering', businessItems: ['hot', 'cold'], usesVendingMachines: false, sellsOnline: false,
      foodSafetyManagerName: '李秀英', foodSafetyManagerIdNumber: '449903198511022629', foodSafetyManagerPhone: '13900139000',
      staff: [{ name: '张建国', idNumber: '449904196208093157', healthCertificateDate: '2026-03-01' }],
      isAgent: false, deliveryMethod: 'electronic', declarationAccepted: true,
      ...formData,
    },
    materials: [
      ...FOOD_FILES.slice(0, 1).map((materialId) => ({ materialId, files: [file] })),
      ...Object.entries(FOOD_LICENCES).map(([materialId, licenceId]) => ({ materialId, licenceId, consent: true })),
      ...FOOD_FILES.slice(1).map((materialId) => ({ materialId, files: [file] })),
      ...extra.map((material) => ({ materialId: material.id, files: [file] })),
    ],
  } as ApplicationSubmission;
}

/**
 * An enterprise investment project approval (XK00007001, 并联审批) of 滨江建设, reusing its business licence: led
 * by the development and reform commission, approved in parallel by market regulation, housing and ecology.
 */
export async function projectApplication(client: TongbanClient, projectName: string): Promise<ApplicationSubmission> {
  const file = await upload(client, '项目申请书');
  const licence = (await client.licences.mine('111000000001001324001')).licences[0];
  if (!licence) throw new Error('demo-jianshe holds no business licence');
  const data = licence.data as Record<string, string>;
  return {
    itemCode: 'XK00007001',
    regionCode: '4499',
    channel: 'online',
    applicant: JIANSHE,
    formData: {
      organisationName: JIANSHE.name, creditCode: JIANSHE.creditCode, legalRepresentative: data.legalRepresentative,
      legalRepresentativeIdNumber: '449902199003154519', address: data.address, contactName: '王晓明', contactPhone: '13800138000',
      projectName, projectCode: '2026-449900-48-01-000123', projectLocation: '江屿市滨江区临港大道', industry: 'urban',
      constructionScale: '新建综合管廊 12 公里及配套设施', totalInvestmentTenThousand: 86000, startYear: 2027, completionYear: 2029,
      landSupplyMode: 'transfer', involvesNewLand: false, fundingSources: [{ source: 'own', amountTenThousand: 86000 }],
      isAgent: false, deliveryMethod: 'window', declarationAccepted: true,
    },
    materials: [
      { materialId: 'M001', files: [file] },
      { materialId: 'M002', licenceId: licence.identifier, consent: true },
    ],
  } as ApplicationSubmission;
}

/**
 * A resident pension enrolment (GG00003001) of 王晓明 (`demo-wang`) in 滨江区, reusing his identity card and
 * household register: accepted and decided by the district's social security office, it closes quickly.
 */
export async function pensionApplication(client: TongbanClient): Promise<ApplicationSubmission> {
  const file = await upload(client, '参保登记表');
  const held = (await client.licences.mine()).licences;
  const licenceOf = (typeCode: string) => {
    const licence = held.find((candidate) => candidate.typeCode === typeCode);
    if (!licence) throw new Error(`demo-wang holds no licence of type ${typeCode}`);
    return licence.identifier;
  };
  return {
    itemCode: 'GG00003001',
    regionCode: '449902',
    channel: 'online',
    applicant: { kind: 'person', name: '王晓明', idNumber: '449902199003154519' },
    formData: {
      applicantName: '王晓明', applicantIdNumber: '449902199003154519', contactPhone: '13800138000', address: '江屿市滨江区望江路1号',
      householdType: 'urban', householdAddress: '江屿市滨江区望江路1号', contributionGradeYuan: '600', specialGroup: 'none',
      bankName: 'icbc', bankAccount: '6222021234567890123', isAgent: false, declarationAccepted: true,
    },
    materials: [
      { materialId: 'M001', licenceId: licenceOf('111000000001040103001'), consent: true },
      { materialId: 'M002', licenceId: licenceOf('111000000001040103002'), consent: true },
      { materialId: 'M003', files: [file] },
    ],
  } as ApplicationSubmission;
}
