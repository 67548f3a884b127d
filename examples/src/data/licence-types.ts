import type { AuthorityKey } from './authorities';
import type { DepartmentKey } from './departments';

/**
 * How a licence data field is filled by the record generator:
 * `holderName` / `holderId` copy the holder, `person` is another person's name, `address` an address in the
 * city, `date` a date near the issue date, `enum` one of the listed values, `number` an integer in a range,
 * `text` one of a few phrases.
 */
export type FieldKind =
  | { kind: 'holderName' } | { kind: 'holderId' } | { kind: 'person' } | { kind: 'address' } | { kind: 'date' }
  | { kind: 'enum'; values: readonly string[] } | { kind: 'number'; min: number; max: number; unit?: string }
  | { kind: 'text'; values: readonly string[] };

/** One licence type of the example catalogue (a row of the table below). */
export interface LicenceTypeRow {
  key: string;
  name: string;
  authority: AuthorityKey;
  issuer: DepartmentKey;
  holderKind: 'person' | 'organisation';
  /** Validity in years; absent for a permanent licence. */
  years?: number;
  /** Licence number prefix (证照编号), e.g. `JY` for 食品经营许可证. */
  numberPrefix: string;
  /** Relative frequency among licences of the same holder kind. */
  weight: number;
  fields: readonly (readonly [key: string, title: string, kind: FieldKind])[];
}

const holderName = { kind: 'holderName' } as const;
const holderId = { kind: 'holderId' } as const;
const person = { kind: 'person' } as const;
const address = { kind: 'address' } as const;
const date = { kind: 'date' } as const;
const gender = { kind: 'enum', values: ['男', '女'] } as const;

/**
 * Licence types of the example catalogue, real types of the national electronic licence catalogue. The first
 * `licenceTypes` rows make a catalogue (36 by default); those the hand-written items use come first. The type
 * code is the defining authority's credit code + the row's serial among that authority's rows, so codes never
 * move when the count changes.
 */
export const LICENCE_TYPE_ROWS: readonly LicenceTypeRow[] = [
  { key: 'business-licence', name: '营业执照', authority: 'SAMR', issuer: 'SAMR', holderKind: 'organisation', numberPrefix: '', weight: 30, fields: [
    ['name', '名称', holderName], ['creditCode', '统一社会信用代码', holderId],
    ['entityType', '类型', { kind: 'enum', values: ['有限责任公司（自然人投资或控股）', '有限责任公司（自然人独资）', '股份有限公司（非上市）', '个体工商户', '农民专业合作社'] }],
    ['legalRepresentative', '法定代表人', person], ['registeredCapital', '注册资本（万元）', { kind: 'number', min: 1, max: 5000 }],
    ['establishedOn', '成立日期', date], ['address', '住所', address],
    ['businessScope', '经营范围', { kind: 'text', values: ['餐饮服务；食品销售', '软件开发；信息技术咨询服务', '建筑工程施工；建筑材料销售', '货物进出口；技术进出口', '日用百货销售；五金产品零售', '道路货物运输（不含危险货物）'] }],
  ] },
  { key: 'food-business-licence', name: '食品经营许可证', authority: 'SAMR', issuer: 'SAMR', holderKind: 'organisation', years: 5, numberPrefix: 'JY', weight: 12, fields: [
    ['operatorName', '经营者名称', holderName], ['creditCode', '统一社会信用代码', holderId], ['legalRepresentative', '法定代表人（负责人）', person],
    ['address', '经营场所', address],
    ['mainBusiness', '主体业态', { kind: 'enum', values: ['食品销售经营者', '餐饮服务经营者', '集中用餐单位食堂'] }],
    ['businessItems', '经营项目', { kind: 'text', values: ['预包装食品销售（含冷藏冷冻食品）', '热食类食品制售', '冷食类食品制售；生食类食品制售', '散装食品销售（不含冷藏冷冻食品）', '保健食品销售'] }],
  ] },
  { key: 'disability-certificate', name: '残疾人证', authority: 'CDPF', issuer: 'DPF', holderKind: 'person', years: 10, numberPrefix: '', weight: 4, fields: [
    ['name', '姓名', holderName], ['idNumber', '公民身份号码', holderId], ['gender', '性别', gender],
    ['category', '残疾类别', { kind: 'enum', values: ['视力残疾', '听力残疾', '言语残疾', '肢体残疾', '智力残疾', '精神残疾', '多重残疾'] }],
    ['grade', '残疾等级', { kind: 'enum', values: ['一级', '二级', '三级', '四级'] }], ['address', '户籍地址', address],
  ] },
  { key: 'birth-medical-certificate', name: '出生医学证明', authority: 'NHC', issuer: 'HEALTH', holderKind: 'person', numberPrefix: 'Y44', weight: 6, fields: [
    ['name', '新生儿姓名', holderName], ['gender', '性别', gender], ['birthDate', '出生日期', date],
    ['birthPlace', '出生地点', { kind: 'text', values: ['江屿市妇幼保健院', '江屿市人民医院', '江屿市中医院', '滨江区人民医院', '东湖区妇幼保健院'] }],
    ['weightGrams', '出生体重（克）', { kind: 'number', min: 2300, max: 4300 }], ['motherName', '母亲姓名', person], ['fatherName', '父亲姓名', person],
  ] },
  { key: 'construction-planning-permit', name: '建设工程规划许可证', authority: 'MNR', issuer: 'PNR', holderKind: 'organisation', numberPrefix: '建字第', weight: 2, fields: [
    ['constructionUnit', '建设单位', holderName], ['projectName', '建设项目名称', { kind: 'text', values: ['综合楼工程', '厂房及配套设施工程', '住宅小区一期工程', '学校教学楼扩建工程', '物流仓储中心工程'] }],
    ['location', '建设位置', address], ['scaleSquareMetres', '建设规模（平方米）', { kind: 'number', min: 800, max: 120000 }],
  ] },
  { key: 'public-place-hygiene-permit', name: '公共场所卫生许可证', authority: 'NHC', issuer: 'HEALTH', holderKind: 'organisation', years: 4, numberPrefix: '粤卫公证字', weight: 5, fields: [
    ['unitName', '单位名称', holderName], ['legalRepresentative', '法定代表人（负责人）', person], ['address', '地址', address],
    ['premisesType', '许可项目', { kind: 'enum', values: ['住宿场所', '美容美发场所', '沐浴场所', '游泳场所', '影剧院', '商场（店）', '候车（机、船）室'] }],
    ['areaSquareMetres', '营业面积（平方米）', { kind: 'number', min: 30, max: 20000 }],
  ] },
  { key: 'resident-id-card', name: '居民身份证', authority: 'MPS', issuer: 'PSB', holderKind: 'person', years: 20, numberPrefix: '', weight: 40, fields: [
    ['name', '姓名', holderName], ['idNumber', '公民身份号码', holderId], ['gender', '性别', gender], ['address', '住址', address],
  ] },
  { key: 'household-register', name: '居民户口簿', authority: 'MPS', issuer: 'PSB', holderKind: 'person', numberPrefix: '', weight: 20, fields: [
    ['householder', '户主姓名', holderName], ['householdType', '户别', { kind: 'enum', values: ['家庭户', '集体户'] }], ['address', '住址', address],
  ] },
  { key: 'real-estate-certificate', name: '不动产权证书', authority: 'MNR', issuer: 'PNR', holderKind: 'person', numberPrefix: '粤（2024）江屿市不动产权第', weight: 14, fields: [
    ['owner', '权利人', holderName], ['location', '坐落', address], ['use', '用途', { kind: 'enum', values: ['城镇住宅用地/住宅', '商服用地/商业', '工业用地/工业'] }],
    ['areaSquareMetres', '面积（平方米）', { kind: 'number', min: 35, max: 300 }], ['ownershipType', '共有情况', { kind: 'enum', values: ['单独所有', '共同共有', '按份共有'] }],
  ] },
  { key: 'land-use-planning-permit', name: '建设用地规划许可证', authority: 'MNR', issuer: 'PNR', holderKind: 'organisation', numberPrefix: '地字第', weight: 2, fields: [
    ['landUser', '用地单位', holderName], ['projectName', '用地项目名称', { kind: 'text', values: ['产业园配套用地', '城市更新单元用地', '物流园区用地', '住宅用地'] }],
    ['location', '用地位置', address], ['landAreaSquareMetres', '用地面积（平方米）', { kind: 'number', min: 2000, max: 300000 }],
  ] },
  { key: 'social-security-card', name: '社会保障卡', authority: 'MOHRSS', issuer: 'HRSS', holderKind: 'person', years: 10, numberPrefix: '', weight: 35, fields: [
    ['name', '姓名', holderName], ['idNumber', '社会保障号码', holderId], ['bank', '发卡银行', { kind: 'enum', values: ['中国工商银行', '中国农业银行', '中国银行', '中国建设银行', '中国邮政储蓄银行'] }],
  ] },
  { key: 'marriage-certificate', name: '结婚证', authority: 'MCA', issuer: 'CA', holderKind: 'person', numberPrefix: 'J449900-', weight: 12, fields: [
    ['holder', '持证人', holderName], ['spouseName', '配偶姓名', person], ['registeredOn', '登记日期', date],
  ] },
  { key: 'driving-licence', name: '机动车驾驶证', authority: 'MPS', issuer: 'PSB', holderKind: 'person', years: 6, numberPrefix: '', weight: 18, fields: [
    ['name', '姓名', holderName], ['licenceNumber', '证号', holderId], ['vehicleClass', '准驾车型', { kind: 'enum', values: ['C1', 'C2', 'B2', 'A1', 'D'] }], ['firstIssuedOn', '初次领证日期', date],
  ] },
  { key: 'vehicle-licence', name: '机动车行驶证', authority: 'MPS', issuer: 'PSB', holderKind: 'person', numberPrefix: '', weight: 12, fields: [
    ['owner', '所有人', holderName], ['plateNumber', '号牌号码', { kind: 'text', values: ['粤Y·A1234', '粤Y·B5678', '粤Y·D12345', '粤Y·F90210', '粤Y·C7X21'] }],
    ['vehicleType', '车辆类型', { kind: 'enum', values: ['小型普通客车', '小型轿车', '轻型厢式货车'] }], ['registeredOn', '注册日期', date],
  ] },
  { key: 'road-transport-licence', name: '道路运输经营许可证', authority: 'MOT', issuer: 'TRANS', holderKind: 'organisation', years: 4, numberPrefix: '粤交运管许可江字', weight: 3, fields: [
    ['operatorName', '业户名称', holderName], ['address', '地址', address], ['scope', '经营范围', { kind: 'enum', values: ['道路普通货物运输', '道路旅客运输（班车客运）', '道路货物专用运输（集装箱）'] }],
  ] },
  { key: 'drug-business-licence', name: '药品经营许可证', authority: 'NMPA', issuer: 'SAMR', holderKind: 'organisation', years: 5, numberPrefix: '粤CB', weight: 2, fields: [
    ['enterpriseName', '企业名称', holderName], ['legalRepresentative', '法定代表人', person], ['address', '注册地址', address],
    ['scope', '经营范围', { kind: 'enum', values: ['中药饮片、中成药、化学药制剂、生物制品', '中成药、化学药制剂', '化学药制剂、抗生素制剂'] }],
  ] },
  { key: 'pollutant-discharge-permit', name: '排污许可证', authority: 'MEE', issuer: 'EE', holderKind: 'organisation', years: 5, numberPrefix: '', weight: 2, fields: [
    ['unitName', '单位名称', holderName], ['address', '生产经营场所地址', address], ['industry', '行业类别', { kind: 'enum', values: ['电子元件及电子专用材料制造', '塑料制品业', '金属表面处理及热处理加工', '食品制造业'] }],
    ['managementClass', '管理类别', { kind: 'enum', values: ['重点管理', '简化管理'] }],
  ] },
  { key: 'medical-institution-licence', name: '医疗机构执业许可证', authority: 'NHC', issuer: 'HEALTH', holderKind: 'organisation', years: 5, numberPrefix: 'PDY', weight: 2, fields: [
    ['institutionName', '机构名称', holderName], ['address', '地址', address], ['legalRepresentative', '法定代表人', person],
    ['category', '类别', { kind: 'enum', values: ['综合医院', '门诊部', '诊所', '社区卫生服务站'] }],
  ] },
  { key: 'physician-licence', name: '医师执业证书', authority: 'NHC', issuer: 'HEALTH', holderKind: 'person', numberPrefix: '', weight: 2, fields: [
    ['name', '姓名', holderName], ['practiceCategory', '执业类别', { kind: 'enum', values: ['临床', '中医', '口腔', '公共卫生'] }], ['practiceScope', '执业范围', { kind: 'text', values: ['内科专业', '外科专业', '妇产科专业', '儿科专业', '全科医学专业'] }],
  ] },
  { key: 'nurse-licence', name: '护士执业证书', authority: 'NHC', issuer: 'HEALTH', holderKind: 'person', years: 5, numberPrefix: '', weight: 2, fields: [
    ['name', '姓名', holderName], ['workplace', '执业地点', { kind: 'text', values: ['江屿市人民医院', '江屿市中医院', '滨江区人民医院'] }],
  ] },
  { key: 'teacher-certificate', name: '教师资格证书', authority: 'MOE', issuer: 'EDU', holderKind: 'person', numberPrefix: '', weight: 3, fields: [
    ['name', '姓名', holderName], ['type', '资格种类', { kind: 'enum', values: ['幼儿园教师资格', '小学教师资格', '初级中学教师资格', '高级中学教师资格'] }],
    ['subject', '任教学科', { kind: 'enum', values: ['语文', '数学', '英语', '物理', '化学', '音乐', '体育'] }],
  ] },
  { key: 'construction-permit', name: '建筑工程施工许可证', authority: 'MOHURD', issuer: 'HUD', holderKind: 'organisation', numberPrefix: '', weight: 2, fields: [
    ['constructionUnit', '建设单位', holderName], ['projectName', '工程名称', { kind: 'text', values: ['综合楼工程', '厂房工程', '住宅小区二期工程', '道路改造工程'] }],
    ['contractPriceTenThousand', '合同价格（万元）', { kind: 'number', min: 100, max: 80000 }], ['location', '建设地址', address],
  ] },
  { key: 'construction-enterprise-qualification', name: '建筑业企业资质证书', authority: 'MOHURD', issuer: 'HUD', holderKind: 'organisation', years: 5, numberPrefix: 'D344', weight: 2, fields: [
    ['enterpriseName', '企业名称', holderName], ['qualification', '资质类别及等级', { kind: 'enum', values: ['建筑工程施工总承包二级', '市政公用工程施工总承包三级', '建筑装修装饰工程专业承包二级'] }],
  ] },
  { key: 'safety-production-licence', name: '安全生产许可证', authority: 'MEM', issuer: 'EM', holderKind: 'organisation', years: 3, numberPrefix: '（粤）JZ安许证字', weight: 1, fields: [
    ['unitName', '单位名称', holderName], ['legalRepresentative', '主要负责人', person], ['scope', '许可范围', { kind: 'enum', values: ['建筑施工', '非煤矿山开采', '危险化学品生产'] }],
  ] },
  { key: 'hazardous-chemicals-business-licence', name: '危险化学品经营许可证', authority: 'MEM', issuer: 'EM', holderKind: 'organisation', years: 3, numberPrefix: '粤江危化经字', weight: 1, fields: [
    ['enterpriseName', '企业名称', holderName], ['address', '经营场所', address], ['mode', '经营方式', { kind: 'enum', values: ['批发（不带储存设施）', '零售', '批发（带储存设施）'] }],
  ] },
  { key: 'water-abstraction-permit', name: '取水许可证', authority: 'MWR', issuer: 'WATER', holderKind: 'organisation', years: 5, numberPrefix: '取水（粤江）字', weight: 1, fields: [
    ['permitHolder', '取水权人', holderName], ['location', '取水地点', address], ['annualVolumeCubicMetres', '年取水量（立方米）', { kind: 'number', min: 5000, max: 5000000 }],
  ] },
  { key: 'travel-agency-licence', name: '旅行社业务经营许可证', authority: 'MCT', issuer: 'CULT', holderKind: 'organisation', numberPrefix: 'L-GD-', weight: 1, fields: [
    ['agencyName', '旅行社名称', holderName], ['legalRepresentative', '法定代表人', person], ['scope', '经营范围', { kind: 'enum', values: ['国内旅游业务和入境旅游业务', '国内旅游、入境旅游和出境旅游业务'] }],
  ] },
  { key: 'animal-epidemic-certificate', name: '动物防疫条件合格证', authority: 'MARA', issuer: 'AGRI', holderKind: 'organisation', numberPrefix: '（江）动防合字', weight: 1, fields: [
    ['unitName', '单位名称', holderName], ['address', '地址', address], ['type', '经营范围', { kind: 'enum', values: ['生猪养殖', '家禽养殖', '动物屠宰加工'] }],
  ] },
  { key: 'retired-soldier-card', name: '退役军人优待证', authority: 'MVA', issuer: 'VET', holderKind: 'person', years: 10, numberPrefix: '', weight: 1, fields: [
    ['name', '姓名', holderName], ['idNumber', '公民身份号码', holderId],
  ] },
  { key: 'minimum-living-allowance', name: '最低生活保障金领取证', authority: 'MCA', issuer: 'CA', holderKind: 'person', years: 1, numberPrefix: 'DB', weight: 2, fields: [
    ['name', '户主姓名', holderName], ['members', '保障人数', { kind: 'number', min: 1, max: 6 }], ['monthlyYuan', '月保障金额（元）', { kind: 'number', min: 300, max: 3600 }],
  ] },
  { key: 'fire-safety-inspection', name: '公众聚集场所投入使用、营业前消防安全检查合格证', authority: 'NFRA', issuer: 'FIRE', holderKind: 'organisation', numberPrefix: '江消安检字', weight: 2, fields: [
    ['unitName', '单位名称', holderName], ['address', '场所地址', address], ['areaSquareMetres', '使用面积（平方米）', { kind: 'number', min: 100, max: 30000 }],
  ] },
  { key: 'special-equipment-use-registration', name: '特种设备使用登记证', authority: 'SAMR', issuer: 'SAMR', holderKind: 'organisation', numberPrefix: '梯11粤Y', weight: 3, fields: [
    ['userUnit', '使用单位', holderName], ['equipmentType', '设备类别', { kind: 'enum', values: ['电梯', '压力容器', '起重机械', '场（厂）内专用机动车辆'] }], ['location', '设备使用地点', address],
  ] },
  { key: 'food-production-licence', name: '食品生产许可证', authority: 'SAMR', issuer: 'SAMR', holderKind: 'organisation', years: 5, numberPrefix: 'SC', weight: 2, fields: [
    ['producerName', '生产者名称', holderName], ['address', '生产地址', address], ['category', '食品类别', { kind: 'enum', values: ['糕点', '饮料', '调味品', '肉制品', '速冻食品'] }],
  ] },
  { key: 'project-filing-certificate', name: '企业投资项目备案证明', authority: 'NDRC', issuer: 'DRC', holderKind: 'organisation', numberPrefix: '', weight: 1, fields: [
    ['projectUnit', '项目单位', holderName], ['projectName', '项目名称', { kind: 'text', values: ['智能制造生产线技术改造项目', '冷链物流中心建设项目', '分布式光伏发电项目', '研发中心建设项目'] }],
    ['totalInvestmentTenThousand', '总投资（万元）', { kind: 'number', min: 100, max: 200000 }], ['location', '建设地点', address],
  ] },
  { key: 'drainage-permit', name: '城镇污水排入排水管网许可证', authority: 'MOHURD', issuer: 'WATER', holderKind: 'organisation', years: 5, numberPrefix: '江排字', weight: 2, fields: [
    ['discharger', '排水户名称', holderName], ['address', '排水户地址', address], ['dailyVolumeCubicMetres', '日排水量（立方米）', { kind: 'number', min: 5, max: 5000 }],
  ] },
  { key: 'vocational-qualification', name: '职业资格证书', authority: 'MOHRSS', issuer: 'HRSS', holderKind: 'person', numberPrefix: '', weight: 4, fields: [
    ['name', '姓名', holderName], ['occupation', '职业（工种）', { kind: 'enum', values: ['电工', '焊工', '育婴员', '中式烹调师', '保育师', '养老护理员'] }],
    ['level', '等级', { kind: 'enum', values: ['五级/初级工', '四级/中级工', '三级/高级工'] }],
  ] },
  { key: 'private-school-permit', name: '民办学校办学许可证', authority: 'MOE', issuer: 'EDU', holderKind: 'organisation', years: 5, numberPrefix: '教民', weight: 1, fields: [
    ['schoolName', '学校名称', holderName], ['principal', '校长', person], ['address', '办学地址', address],
  ] },
  { key: 'performance-licence', name: '营业性演出许可证', authority: 'MCT', issuer: 'CULT', holderKind: 'organisation', years: 2, numberPrefix: '', weight: 1, fields: [
    ['unitName', '单位名称', holderName], ['legalRepresentative', '法定代表人', person],
  ] },
  { key: 'medical-device-filing', name: '第二类医疗器械经营备案凭证', authority: 'NMPA', issuer: 'SAMR', holderKind: 'organisation', numberPrefix: '粤江药监械经营备', weight: 2, fields: [
    ['enterpriseName', '企业名称', holderName], ['address', '经营场所', address], ['mode', '经营方式', { kind: 'enum', values: ['批发', '零售', '批零兼营'] }],
  ] },
];
