import { describe, expect, it } from 'vitest';
import {
  CN_CALENDAR_SEED,
  checkExceptions,
  createCalendar,
  expandArrangements,
  provisionalYearsOf,
  seedRows,
  type CalendarSeedYear,
} from './index';

// Issue #8: the calendar is "seeded for 2024–2027 from the State Council's published notices".

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const weekdayOf = (date: string): string => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
const monthDay = (date: string): string => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/**
 * Lunar festivals and the Qingming solar term on China Standard Time, computed independently of the seed from
 * astronomical new moons and solar longitude (初一 is the day of the new moon in UTC+8; 清明 is the day the Sun
 * reaches 15°). 2027 has no leap month, so its 端午 and 中秋 are the 5th and 8th months counted from 正月.
 */
const LUNAR: Record<number, { eve: string; newYear: string; qingming: string; duanwu: string; midAutumn: string }> = {
  2024: { eve: '2024-02-09', newYear: '2024-02-10', qingming: '2024-04-04', duanwu: '2024-06-10', midAutumn: '2024-09-17' },
  2025: { eve: '2025-01-28', newYear: '2025-01-29', qingming: '2025-04-04', duanwu: '2025-05-31', midAutumn: '2025-10-06' },
  2026: { eve: '2026-02-16', newYear: '2026-02-17', qingming: '2026-04-05', duanwu: '2026-06-19', midAutumn: '2026-09-25' },
  2027: { eve: '2027-02-05', newYear: '2027-02-06', qingming: '2027-04-05', duanwu: '2027-06-09', midAutumn: '2027-09-15' },
};

const arrangementOf = (year: CalendarSeedYear, festival: string) => {
  const found = year.arrangements.find((arrangement) => arrangement.festival.split('、').includes(festival));
  if (!found) throw new Error(`${year.year} has no ${festival}`);
  return found;
};

describe('CN_CALENDAR_SEED', () => {
  it('covers 2024 to 2027 with the notice of each year', () => {
    expect(CN_CALENDAR_SEED.map((year) => [year.year, year.source.notice, year.provisional])).toEqual([
      [2024, '国办发明电〔2023〕7号', false],
      [2025, '国办发明电〔2024〕12号', false],
      [2026, '国办发明电〔2025〕7号', false],
      [2027, '国务院令第798号', true],
    ]);
    expect(provisionalYearsOf()).toEqual([2027]);
  });

  it('gives every year the seven festivals, 2025 merging 国庆节 and 中秋节 as its notice does', () => {
    for (const year of CN_CALENDAR_SEED) {
      const festivals = year.arrangements.flatMap((arrangement) => arrangement.festival.split('、')).sort();
      expect(festivals, String(year.year)).toEqual(['中秋节', '元旦', '劳动节', '国庆节', '春节', '清明节', '端午节'].sort());
    }
  });

  it('expands to valid exceptions with no date twice across all years', () => {
    const rows = seedRows();
    expect(checkExceptions(rows)).toEqual([]);
    expect(rows.every((row) => row.date.startsWith('20') && row.source.length > 0)).toBe(true);
    expect(rows.filter((row) => row.provisional).every((row) => row.date.startsWith('2027-'))).toBe(true);
  });

  it('keeps each exception inside the year it is filed under', () => {
    for (const year of CN_CALENDAR_SEED) {
      for (const exception of year.exceptions) expect(exception.date.slice(0, 4)).toBe(String(year.year));
    }
  });

  it('names holidays after the festival and make-up working days 调休上班', () => {
    const rows = seedRows();
    expect(rows.find((row) => row.date === '2026-02-14')).toMatchObject({ kind: 'workday', name: '春节调休上班' });
    expect(rows.find((row) => row.date === '2025-10-06')).toMatchObject({ kind: 'holiday', name: '国庆节、中秋节' });
  });

  it('matches the number of days off each notice states', () => {
    for (const year of CN_CALENDAR_SEED) {
      for (const arrangement of year.arrangements) {
        const holidays = expandArrangements([arrangement]).filter((exception) => exception.kind === 'holiday');
        if (arrangement.days !== undefined) expect(holidays, arrangement.text).toHaveLength(arrangement.days);
      }
    }
  });

  it('puts every make-up working day on a weekend and names it in the notice text', () => {
    for (const year of CN_CALENDAR_SEED) {
      for (const arrangement of year.arrangements) {
        for (const date of arrangement.workdays) {
          expect(['六', '日'], date).toContain(weekdayOf(date));
          expect(arrangement.text, date).toContain(`${monthDay(date)}（`);
        }
      }
    }
  });

  it('agrees with every weekday the notices write next to a date', () => {
    let checked = 0;
    for (const year of CN_CALENDAR_SEED) {
      for (const arrangement of year.arrangements) {
        let month = 0;
        for (const match of arrangement.text.matchAll(/(?:(\d+)月)?(\d+)日（([^）]*)）/g)) {
          month = match[1] === undefined ? month : Number(match[1]);
          const weekday = /(?:周|星期)([一二三四五六日])/.exec(match[3]!);
          if (!weekday) continue;
          const date = `${year.year}-${String(month).padStart(2, '0')}-${match[2]!.padStart(2, '0')}`;
          expect(weekdayOf(date), `${date} in ${arrangement.text}`).toBe(weekday[1]);
          checked += 1;
        }
        if (!year.provisional) expect(arrangement.text.startsWith(monthDay(arrangement.from))).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('puts 春节, 清明, 端午 and 中秋 on their lunar dates', () => {
    for (const year of CN_CALENDAR_SEED) {
      const lunar = LUNAR[year.year]!;
      const within = (festival: string, date: string): void => {
        const { from, to } = arrangementOf(year, festival);
        expect(from <= date && date <= to, `${year.year} ${festival} ${date}`).toBe(true);
      };
      within('春节', lunar.newYear);
      within('清明节', lunar.qingming);
      within('端午节', lunar.duanwu);
      within('中秋节', lunar.midAutumn);
    }
  });

  it('gives 2027 exactly the statutory days of 国务院令第798号 and no make-up working day', () => {
    // given
    const year2027 = CN_CALENDAR_SEED.find((year) => year.year === 2027)!;
    const lunar = LUNAR[2027]!;

    // then
    expect(year2027.note).toContain('管理员');
    expect(year2027.exceptions.filter((exception) => exception.kind === 'workday')).toEqual([]);
    expect(year2027.exceptions.map((exception) => exception.date)).toEqual([
      '2027-01-01',
      lunar.eve,
      lunar.newYear,
      '2027-02-07',
      '2027-02-08',
      lunar.qingming,
      '2027-05-01',
      '2027-05-02',
      lunar.duanwu,
      lunar.midAutumn,
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
  });

  it('makes 除夕 a holiday from 2025 on, when the revised 放假办法 took effect', () => {
    const calendar = createCalendar(seedRows());
    expect(calendar.isWorkingDay(LUNAR[2024]!.eve)).toBe(true);
    for (const year of [2025, 2026, 2027]) expect(calendar.isWorkingDay(LUNAR[year]!.eve), String(year)).toBe(false);
  });

  it('yields the published number of working days in each year', () => {
    // 2024–2026 agree with an independently maintained holiday dataset; 2027 is the statutory-only count.
    const calendar = createCalendar(seedRows());
    const workingDaysIn = (year: number): number => {
      let count = 0;
      for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 86_400_000) {
        if (calendar.isWorkingDay(new Date(day).toISOString().slice(0, 10))) count += 1;
      }
      return count;
    };
    expect([2024, 2025, 2026, 2027].map(workingDaysIn)).toEqual([251, 248, 248, 254]);
  });
});

describe('expandArrangements', () => {
  it('refuses a range that runs backwards', () => {
    expect(() =>
      expandArrangements([{ festival: '元旦', from: '2030-01-02', to: '2030-01-01', workdays: [], text: '' }]),
    ).toThrow(RangeError);
  });
});
