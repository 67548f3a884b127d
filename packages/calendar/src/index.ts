/**
 * `@tongban/calendar`: working-day arithmetic over a calendar of public holidays and make-up working days (调休),
 * for the legal clock of 行政许可法 Art. 82, and the seed data for 2024–2027. Pure: no I/O, no clock, no
 * randomness; every "now" is an argument. The rules are in README.md.
 */
export { type CalendarDate, type InstantInput } from './calendar-date';
export {
  CALENDAR_ERRORS,
  CalendarDataError,
  type CalendarErrorCode,
  type CalendarIssue,
  type Message,
} from './errors';
export {
  checkExceptions,
  createCalendar,
  type CalendarCoverage,
  type CalendarException,
  type CalendarOptions,
  type CoverageStatus,
  type DueProgress,
  type OfficeHours,
  type WorkingCalendar,
} from './working-calendar';
export {
  CN_CALENDAR_SEED,
  expandArrangements,
  provisionalYearsOf,
  seedRows,
  type CalendarSeedRow,
  type CalendarSeedYear,
  type HolidayArrangement,
  type SeedSource,
  type SeedYearData,
} from './seed';
