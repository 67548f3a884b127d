/**
 * A table of calendar days as `YYYY-MM-DD` strings, so the record generators format dates by index instead of
 * through `Date` (the hot path of millions of records).
 */
export class DayTable {
  readonly firstYear: number;
  readonly days: string[] = [];
  private readonly yearStart: number[] = [];

  constructor(firstYear: number, lastYear: number) {
    this.firstYear = firstYear;
    const start = Date.UTC(firstYear, 0, 1);
    const end = Date.UTC(lastYear, 11, 31);
    for (let t = start, i = 0; t <= end; t += 86_400_000, i += 1) {
      const text = new Date(t).toISOString().slice(0, 10);
      if (text.endsWith('-01-01')) this.yearStart.push(i);
      this.days.push(text);
    }
  }

  /** Index of a `YYYY-MM-DD` date (must be inside the table). */
  indexOf(date: string): number {
    return Math.round((Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) - Date.UTC(this.firstYear, 0, 1)) / 86_400_000);
  }

  /** Index of the same month and day `years` later (28 Feb for 29 Feb), clamped to the table. */
  addYears(index: number, years: number): number {
    const date = this.days[index]!;
    const year = Number(date.slice(0, 4)) + years;
    const dayOfYear = index - this.yearStart[Number(date.slice(0, 4)) - this.firstYear]!;
    const start = this.yearStart[year - this.firstYear];
    if (start === undefined) return this.days.length - 1;
    const leapShift = (isLeap(Number(date.slice(0, 4))) ? 1 : 0) - (isLeap(year) ? 1 : 0);
    const shifted = dayOfYear >= 59 ? dayOfYear - leapShift : Math.min(dayOfYear, 58);
    return Math.min(start + shifted, this.days.length - 1);
  }
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
