import type { DepartmentKey } from './departments';

/**
 * The main law or regulation each department administers, cited as the general legal basis of generated items
 * (hand-written items cite their own articles).
 */
export const DEPARTMENT_LAWS: Partial<Record<DepartmentKey, string>> = {
  SAMR: '《中华人民共和国市场主体登记管理条例》',
  DRC: '《企业投资项目核准和备案管理条例》',
  HUD: '《中华人民共和国建筑法》',
  EE: '《中华人民共和国环境保护法》',
  HEALTH: '《中华人民共和国基本医疗卫生与健康促进法》',
  HRSS: '《中华人民共和国社会保险法》',
  CA: '《社会救助暂行办法》',
  PSB: '《中华人民共和国户口登记条例》',
  TAX: '《中华人民共和国税收征收管理法》',
  PNR: '《中华人民共和国城乡规划法》',
  DPF: '《中华人民共和国残疾人保障法》',
  EDU: '《中华人民共和国教育法》',
  TRANS: '《中华人民共和国道路运输条例》',
  WATER: '《中华人民共和国水法》',
  AGRI: '《中华人民共和国农业法》',
  COM: '《中华人民共和国对外贸易法》',
  CULT: '《营业性演出管理条例》',
  EM: '《中华人民共和国安全生产法》',
  HSA: '《医疗保障基金使用监督管理条例》',
  VET: '《中华人民共和国退役军人保障法》',
  JUS: '《中华人民共和国法律援助法》',
  FIN: '《中华人民共和国会计法》',
  STI: '《中华人民共和国科学技术进步法》',
  MIIT: '《中华人民共和国中小企业促进法》',
  UM: '《城市市容和环境卫生管理条例》',
  HPF: '《住房公积金管理条例》',
  FIRE: '《中华人民共和国消防法》',
  GSD: '《优化营商环境条例》',
  AUDIT: '《中华人民共和国审计法》',
  STATS: '《中华人民共和国统计法》',
  ARCH: '《中华人民共和国档案法》',
  MET: '《中华人民共和国气象法》',
  CAD: '《中华人民共和国人民防空法》',
  SASAC: '《企业国有资产监督管理暂行条例》',
  FORE: '《中华人民共和国森林法》',
  ETH: '《宗教事务条例》',
};
