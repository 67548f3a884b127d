import { describe, expect, it } from 'vitest';
import { evaluateChecklist, isMaterialRequired, type Material, type SubmittedMaterial } from './material';

const pdf = (name = '营业执照.pdf', size = 1024) => ({ fileId: 'a'.repeat(64), name, mediaType: 'application/pdf', size });

const checklist: Material[] = [
  { id: 'M001', name: '食品经营许可申请书', requirement: 'required', source: 'applicant', formats: ['pdf', 'ofd'], maxSizeMb: 10 },
  { id: 'M002', name: '营业执照', requirement: 'required', source: 'licence', licenceTypeCode: '11100000000013338W001' },
  { id: 'M003', name: '特殊食品销售相关材料', requirement: 'conditional', condition: '=list contains(businessItems, "special")', source: 'applicant', formats: ['pdf', 'jpg', 'png'] },
  { id: 'M004', name: '从业人员健康证明', requirement: 'optional', source: 'applicant' },
  { id: 'M005', name: '场所核查记录', requirement: 'required', source: 'department', producedBy: '11440100MB2C44221X' } as Material,
];

const complete: SubmittedMaterial[] = [
  { materialId: 'M001', files: [pdf('申请书.pdf')] },
  { materialId: 'M002', licenceId: 'L-2024-0001', consent: true },
];

describe('evaluateChecklist', () => {
  it('accepts a complete submission and lists what the data requires', () => {
    const result = evaluateChecklist(checklist, { businessItems: ['prepackaged'] }, complete);
    expect(result).toEqual({ ok: true, errors: [], required: ['M001', 'M002', 'M005'] });
  });

  it('requires a conditional material when its condition over the form data is true', () => {
    const result = evaluateChecklist(checklist, { businessItems: ['special'] }, complete);
    expect(result.required).toEqual(['M001', 'M002', 'M003', 'M005']);
    expect(result.errors).toEqual([
      {
        path: '/materials/M003',
        materialId: 'M003',
        code: 'TB_MATERIAL_REQUIRED',
        message: { zh: '缺少必交材料“特殊食品销售相关材料”。', en: 'Required material "特殊食品销售相关材料" is missing.' },
        params: { name: '特殊食品销售相关材料' },
      },
    ]);
  });

  it('never reports a material the department provides itself', () => {
    expect(evaluateChecklist(checklist, {}, complete).errors).toEqual([]);
  });

  it('reports materials outside the checklist and duplicates by their index', () => {
    const result = evaluateChecklist(checklist, {}, [...complete, { materialId: 'M999', files: [pdf()] }, { materialId: 'M001', files: [pdf()] }]);
    expect(result.errors.map((error) => `${error.path} ${error.code}`)).toEqual(['/materials/2 TB_MATERIAL_UNKNOWN', '/materials/3 TB_MATERIAL_DUPLICATE']);
  });

  it('reports files of a format that is not allowed and files that are too large', () => {
    const result = evaluateChecklist(checklist, {}, [
      { materialId: 'M001', files: [pdf('申请书.docx'), { ...pdf('申请书.pdf'), mediaType: 'image/png' }, pdf('大文件.pdf', 10 * 1024 * 1024 + 1), { ...pdf('申请书.OFD'), mediaType: 'application/ofd' }] },
      complete[1] as SubmittedMaterial,
    ]);
    expect(result.errors.map((error) => `${error.path} ${error.code}`)).toEqual([
      '/materials/0/files/0 TB_MATERIAL_FORMAT',
      '/materials/0/files/1 TB_MATERIAL_FORMAT',
      '/materials/0/files/2 TB_MATERIAL_TOO_LARGE',
    ]);
  });

  it('accepts jpeg for jpg and judges a file without extension by its media type', () => {
    const material: Material = { id: 'P', name: '照片', requirement: 'required', source: 'applicant', formats: ['jpg'] };
    const files = [
      { fileId: 'b'.repeat(64), name: 'photo.JPEG', mediaType: 'image/jpeg', size: 1 },
      { fileId: 'c'.repeat(64), name: 'photo', mediaType: 'image/jpeg', size: 1 },
    ];
    expect(evaluateChecklist([material], {}, [{ materialId: 'P', files }]).ok).toBe(true);
  });

  it('requires consent to use a licence, and a material that can be a licence', () => {
    const result = evaluateChecklist(checklist, {}, [
      { materialId: 'M001', licenceId: 'L-1', consent: true },
      { materialId: 'M002', licenceId: 'L-2024-0001' },
    ]);
    expect(result.errors.map((error) => `${error.path} ${error.code}`)).toEqual(['/materials/0/licenceId TB_MATERIAL_LICENCE_NOT_ACCEPTED', '/materials/1/consent TB_MATERIAL_CONSENT_REQUIRED']);
  });

  it('reports an entry with neither files nor a licence', () => {
    const result = evaluateChecklist(checklist, {}, [{ materialId: 'M001', files: [] }, complete[1] as SubmittedMaterial]);
    expect(result.errors.map((error) => `${error.path} ${error.code}`)).toEqual(['/materials/0 TB_MATERIAL_EMPTY']);
  });

  it('lets context variables decide a condition, over the form data', () => {
    const material: Material = { id: 'A', name: '授权委托书', requirement: 'conditional', condition: '=isAgent', source: 'applicant' };
    expect(isMaterialRequired(material, { isAgent: true }, { context: { isAgent: false } })).toBe(false);
    expect(isMaterialRequired(material, {}, { context: { isAgent: true } })).toBe(true);
  });

  it('demands a conditional material whose condition does not parse', () => {
    const material: Material = { id: 'A', name: '材料', requirement: 'conditional', condition: '=a +', source: 'applicant' };
    expect(isMaterialRequired(material, {})).toBe(true);
  });

  it('reads the injected clock in conditions', () => {
    const material: Material = { id: 'A', name: '材料', requirement: 'conditional', condition: '=today() >= date("2026-07-01")', source: 'applicant' };
    expect(isMaterialRequired(material, {}, { now: '2026-07-01T00:00:00+08:00' })).toBe(true);
    expect(isMaterialRequired(material, {}, { now: '2026-06-30T00:00:00+08:00' })).toBe(false);
  });
});
