/**
 * The fictional prefecture-level city of the example catalogue: 江屿市 (Jiangyu), under Guangdong (44).
 *
 * GB/T 2260 gives Guangdong no prefecture 99, so region codes under `4499` cannot clash with a real place; they
 * follow the real structure (2 province + 2 prefecture + 2 county digits, then 3 township and 3 village digits of
 * the statistical division codes). The names are invented or generic; the telephone area code 0761 is unassigned
 * in Guangdong.
 */
export const CITY = {
  provinceCode: '44',
  provinceName: '广东省',
  code: '4499',
  /** The city's own 6-digit code (`xx xx 00`), used for city departments and city-level credit codes. */
  regionCode: '449900',
  name: '江屿市',
  areaCode: '0761',
  serviceCentre: '江屿市政务服务中心',
  serviceCentreAddress: '江屿市滨江区市民大道88号市民中心',
  hotline: '12345',
} as const;

/** Roots of district names; each becomes `<root>区`. Beyond this list names get a numeral suffix. */
export const DISTRICT_NAME_ROOTS = [
  '滨江', '屿北', '东湖', '西岭', '南港', '新城', '临川', '望海', '青榕', '金沙', '云台', '石湾', '长汀', '凤岗',
  '白沙', '松涛', '梅溪', '龙湾', '翠屏', '兰溪', '银湖', '桂园', '沙河', '月湾',
] as const;

/** Roots of township names (街道 under the first ones of a district, 镇 after). */
export const TOWNSHIP_NAME_ROOTS = [
  '江南', '江北', '海滨', '湖光', '仙桥', '榕树', '东门', '西关', '北山', '南岭', '新塘', '大坪', '石门', '平洲',
  '上林', '下洋', '横岭', '溪口', '竹园', '沙溪', '黄埔', '凤凰', '龙田', '莲塘', '太平', '长乐', '永安', '三和',
  '金鸡', '白石', '清水', '观澜', '花园', '桥头', '塘厦', '古城', '双溪', '玉泉', '碧桂', '康乐',
] as const;

/** Roots of village / community names. */
export const VILLAGE_NAME_ROOTS = [
  '东风', '红星', '和平', '幸福', '新村', '前进', '光明', '团结', '胜利', '丰收', '兴旺', '长青', '富民', '向阳',
  '联合', '建设', '新华', '民主', '复兴', '振兴', '桃源', '柳岸', '荷塘', '枫林', '樟树', '荔枝', '龙眼', '榕湾',
  '沙头', '岭下', '田心', '水口', '塘尾', '坑背', '圳口', '围仔', '洋坪', '坝头', '岗背', '湖滨',
] as const;
