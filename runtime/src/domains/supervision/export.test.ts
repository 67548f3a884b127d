import { describe, expect, it } from 'vitest';
import { columnLetters, readZip, toCsv, toXlsx, type ExportTable } from './export';

const table: ExportTable = {
  name: '部门排名 2026-11',
  columns: [
    { header: '排名', format: 'integer' }, { header: '名称', format: 'text' }, { header: '按时办结率', format: 'percent' },
    { header: '平均办理时长', format: 'decimal' },
  ],
  rows: [[1, '市场监督管理局 & "窗口"', 0.9876, 2.5], [null, '=HYPERLINK("x")', null, 3]],
};

describe('toCsv', () => {
  it('writes a BOM, quotes what needs it and neutralises formulas', () => {
    const text = toCsv(table).toString('utf8');
    expect(text.startsWith('\uFEFF排名,名称,按时办结率,平均办理时长\r\n')).toBe(true);
    expect(text).toContain('1,"市场监督管理局 & ""窗口""",0.9876,2.5\r\n');
    expect(text).toContain(',"\'=HYPERLINK(""x"")",,3\r\n');
  });
});

describe('toXlsx', () => {
  it('writes a valid zip of the SpreadsheetML parts with typed cells', () => {
    const files = readZip(toXlsx([table]));
    expect([...files.keys()].sort()).toEqual([
      '[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml',
    ]);
    const sheet = files.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain('<c r="A1" s="1" t="inlineStr"><is><t xml:space="preserve">排名</t></is></c>');
    expect(sheet).toContain('<c r="C2" s="2"><v>0.9876</v></c>');
    expect(sheet).toContain('市场监督管理局 &amp; &quot;窗口&quot;');
    expect(sheet).toContain('<c r="A3" s="0"/>');
    expect(sheet).toContain('<dimension ref="A1:D3"/>');
    expect(files.get('xl/workbook.xml')).toContain('<sheet name="部门排名 2026-11" sheetId="1" r:id="rId1"/>');
  });

  it('is byte-for-byte deterministic', () => {
    expect(toXlsx([table]).equals(toXlsx([table]))).toBe(true);
  });

  it('names columns past Z as Excel does', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});
