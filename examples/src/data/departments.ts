/**
 * The city departments of the example catalogue (市直部门): real department names of a Chinese prefecture-level
 * city after the 2018–2019 institutional reform. Order matters: the first `cityDepartments` of this list make a
 * catalogue, and every credit code is derived from the position, so it never depends on the seed.
 */
export const CITY_DEPARTMENTS = [
  ['SAMR', '市市场监督管理局', '市场监管局'],
  ['DRC', '市发展和改革委员会', '发展改革委'],
  ['HUD', '市住房和城乡建设局', '住房城乡建设局'],
  ['EE', '市生态环境局', '生态环境局'],
  ['HEALTH', '市卫生健康委员会', '卫生健康委'],
  ['HRSS', '市人力资源和社会保障局', '人力资源社会保障局'],
  ['CA', '市民政局', '民政局'],
  ['PSB', '市公安局', '公安局'],
  ['TAX', '国家税务总局江屿市税务局', '税务局'],
  ['PNR', '市规划和自然资源局', '规划和自然资源局'],
  ['DPF', '市残疾人联合会', '残联'],
  ['EDU', '市教育局', '教育局'],
  ['TRANS', '市交通运输局', '交通运输局'],
  ['WATER', '市水务局', '水务局'],
  ['AGRI', '市农业农村局', '农业农村局'],
  ['COM', '市商务局', '商务局'],
  ['CULT', '市文化广电旅游体育局', '文广旅体局'],
  ['EM', '市应急管理局', '应急管理局'],
  ['HSA', '市医疗保障局', '医疗保障局'],
  ['VET', '市退役军人事务局', '退役军人事务局'],
  ['JUS', '市司法局', '司法局'],
  ['FIN', '市财政局', '财政局'],
  ['STI', '市科学技术局', '科技局'],
  ['MIIT', '市工业和信息化局', '工业和信息化局'],
  ['UM', '市城市管理和综合执法局', '城管执法局'],
  ['HPF', '市住房公积金管理中心', '公积金中心'],
  ['FIRE', '市消防救援支队', '消防救援支队'],
  ['GSD', '市政务服务数据管理局', '政务服务数据局'],
  ['AUDIT', '市审计局', '审计局'],
  ['STATS', '市统计局', '统计局'],
  ['ARCH', '市档案局', '档案局'],
  ['MET', '市气象局', '气象局'],
  ['CAD', '市人民防空办公室', '人防办'],
  ['SASAC', '市人民政府国有资产监督管理委员会', '国资委'],
  ['FORE', '市林业局', '林业局'],
  ['ETH', '市民族宗教事务局', '民族宗教局'],
] as const;

/** Abbreviation of a city department (the suffix of its code). */
export type DepartmentKey = (typeof CITY_DEPARTMENTS)[number][0];
