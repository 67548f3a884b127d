import { describe, expect, it } from 'vitest';
import type { ItemSummary } from '@/api/catalogue';
import { buildSearchIndex, filterEntries, matches, NO_FILTERS, pinyinKeys } from './search';

const item = (code: string, name: string, extra: Partial<ItemSummary> = {}): ItemSummary => ({
  code, name, type: 'licensing', subCategoryCode: 'S', departmentCode: 'CITY-SAMR', levels: ['city'], status: 'published', hasDraft: false, ...extra,
});

describe('library search › pinyin, name and code', () => {
  const index = buildSearchIndex([
    item('XK00001001', '食品经营许可'),
    item('QR00002001', '出生医学证明首次签发', { departmentCode: 'CITY-HEALTH', levels: ['county'], hasDraft: true }),
    item('GG00003001', '残疾人证核发', { status: 'draft' }),
  ]);
  const names = (query: string) => index.filter((entry) => matches(entry, query)).map((entry) => entry.item.name);

  it('computes initials and spelling', () => {
    expect(pinyinKeys('食品经营许可')).toEqual({ initials: 'spjyxk', spelled: 'shipinjingyingxuke' });
  });

  it('finds by pinyin initials, full pinyin, name and code, case-insensitively', () => {
    expect(names('spjy')).toEqual(['食品经营许可']);
    expect(names('SPJY')).toEqual(['食品经营许可']);
    expect(names('chusheng')).toEqual(['出生医学证明首次签发']);
    expect(names('证')).toEqual(['出生医学证明首次签发', '残疾人证核发']);
    expect(names('qr0000')).toEqual(['出生医学证明首次签发']);
  });

  it('requires every word of a multi-word query', () => {
    expect(names('cjr hf')).toEqual(['残疾人证核发']);
    expect(names('cjr xk')).toEqual([]);
  });

  it('filters by department, level, status and draft', () => {
    const filter = (patch: Partial<typeof NO_FILTERS>) => filterEntries(index, { ...NO_FILTERS, ...patch }).map((entry) => entry.item.code);
    expect(filter({ departmentCode: 'CITY-HEALTH' })).toEqual(['QR00002001']);
    expect(filter({ level: 'county' })).toEqual(['QR00002001']);
    expect(filter({ status: 'draft' })).toEqual(['GG00003001']);
    expect(filter({ hasDraft: true })).toEqual(['QR00002001']);
    expect(filter({ query: 'xk', departmentCode: 'CITY-SAMR' })).toEqual(['XK00001001']);
  });
});
