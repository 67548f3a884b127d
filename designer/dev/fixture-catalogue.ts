/**
 * A deterministic example catalogue for development and tests only (never imported by `src/`): categories,
 * departments, item summaries and full item bundles at the reference scale (896 items, 128 sub-categories,
 * 28 departments). It stands in for `@tongban/examples` until that package exports its catalogue; the shapes are
 * the runtime's (`ItemSummary`, `CategoryRecord`, the `item` contract).
 */
import type { Item } from '@tongban/schemas';
import type { CategoryRecord, DepartmentRecord, ItemStatus, ItemSummary } from '../src/api/catalogue';

const DEPARTMENTS: [string, string][] = [
  ['SAMR', '市场监管局'], ['DRC', '发展改革委'], ['HUD', '住房城乡建设局'], ['EE', '生态环境局'], ['HEALTH', '卫生健康委'],
  ['HRSS', '人力资源社会保障局'], ['CA', '民政局'], ['PSB', '公安局'], ['TAX', '税务局'], ['PNR', '规划和自然资源局'],
  ['DPF', '残联'], ['EDU', '教育局'], ['TRANS', '交通运输局'], ['WATER', '水务局'], ['AGRI', '农业农村局'], ['COM', '商务局'],
  ['CULT', '文广旅体局'], ['EM', '应急管理局'], ['HSA', '医疗保障局'], ['VET', '退役军人事务局'], ['JUS', '司法局'], ['FIN', '财政局'],
  ['STI', '科技局'], ['MIIT', '工业和信息化局'], ['UM', '城管执法局'], ['HPF', '公积金中心'], ['FIRE', '消防救援支队'], ['GSD', '政务服务数据局'],
];

const CATEGORIES: [string, string[]][] = [
  ['市场准入', ['企业开办', '食品经营', '药品经营', '特种设备', '计量认证', '广告登记', '个体工商户', '企业注销']],
  ['工程建设', ['立项用地', '规划许可', '施工许可', '竣工验收', '市政设施', '城市绿化', '人防工程', '消防设计']],
  ['社会保障', ['养老保险', '医疗保险', '失业保险', '工伤保险', '社会救助', '就业服务', '人才服务', '劳动关系']],
  ['卫生健康', ['医疗机构', '医师执业', '公共卫生', '母婴保健', '计划生育', '职业卫生', '放射卫生', '传染病防治']],
  ['教育文化', ['民办教育', '教师资格', '学籍管理', '文化经营', '广播电视', '文物保护', '体育经营', '旅游服务']],
  ['交通运输', ['道路运输', '水路运输', '出租汽车', '驾驶培训', '机动车维修', '公路路政', '港口经营', '货运站场']],
  ['公安户政', ['户口迁移', '身份证件', '出入境', '治安管理', '交通管理', '消防安全', '特种行业', '枪支管理']],
  ['民政事务', ['婚姻登记', '社会组织', '殡葬管理', '养老服务', '儿童福利', '地名管理', '慈善事业', '区划管理']],
  ['税费缴纳', ['税务登记', '发票管理', '纳税申报', '税收优惠', '社保缴费', '非税收入', '出口退税', '涉税证明']],
  ['自然资源', ['不动产登记', '土地供应', '矿产资源', '测绘地理', '林业管理', '海洋管理', '地质灾害', '耕地保护']],
  ['生态环境', ['环评审批', '排污许可', '危废管理', '辐射安全', '环境监测', '噪声管理', '固废管理', '生态保护']],
  ['农业农村', ['种子管理', '农药兽药', '动物防疫', '渔业管理', '农机管理', '宅基地', '农村经营', '农产品质量']],
  ['残疾人服务', ['残疾人证', '康复服务', '就业扶持', '教育资助', '无障碍', '托养服务', '辅具适配', '生活补贴']],
  ['退役军人', ['优抚对象', '安置就业', '褒扬纪念', '拥军优属', '军休服务', '权益维护', '抚恤补助', '服务保障']],
  ['公积金', ['缴存登记', '提取业务', '贷款业务', '转移接续', '缴存变更', '证明开具', '异地业务', '单位业务']],
  ['政务数据', ['数据共享', '电子证照', '电子印章', '好差评', '一件事', '帮代办', '就近办', '主动服务']],
];

const ACTIONS = ['许可', '登记', '备案', '变更', '注销', '核准'];
const ITEM_TYPES: [string, string][] = [['XK', 'licensing'], ['QR', 'confirmation'], ['GF', 'benefit'], ['GG', 'public-service']];
const STATUSES: ItemStatus[] = ['published', 'published', 'published', 'draft', 'in-review', 'published', 'withdrawn'];
const LEVELS = ['province', 'city', 'county', 'township', 'village', 'public'];

/** Categories and sub-categories (`C01`, `C01-01`, …). */
export function fixtureCategories(): CategoryRecord[] {
  return CATEGORIES.flatMap(([name, subs], i) => {
    const code = `C${String(i + 1).padStart(2, '0')}`;
    return [{ code, name }, ...subs.map((sub, j) => ({ code: `${code}-${String(j + 1).padStart(2, '0')}`, name: sub, parentCode: code }))];
  });
}

/** The departments (`CITY-SAMR`, …). */
export function fixtureDepartments(): DepartmentRecord[] {
  return DEPARTMENTS.map(([key, name]) => ({ code: `CITY-${key}`, name: `市${name}`, shortName: name, level: 'city' }));
}

/** `count` item summaries, seven per sub-category, spread over departments, levels and statuses. */
export function fixtureItems(count = 896): ItemSummary[] {
  const subs = fixtureCategories().filter((category) => category.parentCode);
  const items: ItemSummary[] = [];
  for (let n = 0; n < count; n += 1) {
    const sub = subs[Math.floor(n / 7) % subs.length]!;
    const action = ACTIONS[n % ACTIONS.length]!;
    const [prefix, type] = ITEM_TYPES[n % ITEM_TYPES.length]!;
    const [departmentKey, departmentName] = DEPARTMENTS[(n * 7) % DEPARTMENTS.length]!;
    const status = STATUSES[n % STATUSES.length]!;
    items.push({
      code: `${prefix}${String(Math.floor(n / 3) + 1).padStart(5, '0')}${String((n % 3) + 1).padStart(3, '0')}`,
      name: `${sub.name}${action}${n % 2 === 0 ? '' : '（延续）'}`,
      type,
      subCategoryCode: sub.code,
      departmentCode: `CITY-${departmentKey}`,
      departmentName,
      levels: [LEVELS[n % 3]!, ...(n % 5 === 0 ? ['county'] : [])].filter((level, index, all) => all.indexOf(level) === index),
      status,
      hasDraft: status === 'draft' || n % 11 === 0,
      version: 1 + (n % 4),
      updatedAt: `2026-0${1 + (n % 9)}-1${n % 10}T09:00:00+08:00`,
    });
  }
  return items;
}

/** A complete, valid item document for a summary (what the item editor opens). */
export function fixtureItem(summary: ItemSummary): Item {
  return {
    schemaVersion: 1,
    code: summary.code,
    name: summary.name,
    type: summary.type as Item['type'],
    subCategoryCode: summary.subCategoryCode,
    implementingDepartment: summary.departmentCode,
    levels: summary.levels as Item['levels'],
    serviceObjects: ['person', 'organisation'],
    description: `${summary.name}的办理说明。`,
    legalBasis: [{ title: '《中华人民共和国行政许可法》', article: '第二十九条' }],
    legalTimeLimitDays: 20,
    committedTimeLimitDays: 10,
    acceptanceTimeLimitDays: 5,
    fees: { charged: false },
    channels: ['online', 'window'],
    visitsRequired: 0,
    onlineDepth: 4,
    contact: { phone: '12345', complaintPhone: '12345' },
    materials: [
      { id: 'M001', name: '申请书', requirement: 'required', source: 'applicant', copies: { original: 1, copy: 0 }, formats: ['pdf'], maxSizeMb: 10 },
      { id: 'M002', name: '营业执照', requirement: 'conditional', condition: '=applicantType = "organisation"', source: 'licence', licenceTypeCode: '11100000000013338W001' },
      { id: 'M003', name: '委托书', requirement: 'optional', source: 'applicant', notes: '委托他人办理时提交' },
    ],
    procedure: { processId: 'basic-procedure', resource: 'procedure.bpmn' },
    forms: [
      { id: 'application', purpose: 'application', resource: 'application.form' },
      { id: 'acceptance-opinion', purpose: 'task', resource: 'acceptance-opinion.form' },
    ],
  };
}

/** form-js schemas of the fixture items. */
export function fixtureForms(): Record<string, unknown> {
  return {
    application: {
      type: 'default',
      id: 'application',
      schemaVersion: 18,
      components: [
        { type: 'textfield', key: 'applicantName', label: '申请人姓名', validate: { required: true, maxLength: 50 } },
        { type: 'select', key: 'applicantType', label: '申请人类型', values: [{ label: '自然人', value: 'person' }, { label: '法人', value: 'organisation' }], validate: { required: true } },
        { type: 'textfield', key: 'phone', label: '联系电话', validate: { required: true, pattern: '^1[3-9][0-9]{9}$' } },
        { type: 'textarea', key: 'reason', label: '申请事由' },
      ],
    },
    'acceptance-opinion': {
      type: 'default',
      id: 'acceptance-opinion',
      schemaVersion: 18,
      components: [
        { type: 'radio', key: 'accepted', label: '是否受理', values: [{ label: '受理', value: true }, { label: '不予受理', value: false }], validate: { required: true } },
        { type: 'textarea', key: 'opinion', label: '受理意见', validate: { required: true } },
      ],
    },
  };
}

/** The bundle the item editor opens for an item code. */
export function fixtureBundle(summary: ItemSummary, bpmn: string): { item: Item; bpmn: string; forms: Record<string, unknown> } {
  return { item: fixtureItem(summary), bpmn, forms: fixtureForms() };
}
