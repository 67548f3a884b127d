/**
 * The error catalogue of `@tongban/calendar`: the codes {@link checkExceptions} reports for calendar data, with
 * their `zh`/`en` messages, so that the runtime's administrator screen and its error catalogue use one wording.
 */

/** A user-facing message in both locales Tongban ships. */
export interface Message {
  readonly zh: string;
  readonly en: string;
}

/** Messages of every error code this package reports, keyed by code (`TB_<AREA>_<REASON>`). */
export const CALENDAR_ERRORS = {
  TB_CALENDAR_DATE_INVALID: {
    zh: '日期应为真实存在的公历日期，格式为 YYYY-MM-DD',
    en: 'The date must be a real Gregorian date written YYYY-MM-DD',
  },
  TB_CALENDAR_DATE_DUPLICATE: {
    zh: '同一日期只能有一条放假或调休上班记录',
    en: 'A date can have only one holiday or make-up working day entry',
  },
  TB_CALENDAR_KIND_INVALID: {
    zh: '类型应为 holiday（放假）或 workday（调休上班）',
    en: 'The kind must be holiday or workday',
  },
} as const satisfies Record<string, Message>;

/** A code of {@link CALENDAR_ERRORS}. */
export type CalendarErrorCode = keyof typeof CALENDAR_ERRORS;

/** One problem found in a list of calendar exceptions. */
export interface CalendarIssue {
  /** Position of the offending entry in the list given. */
  readonly index: number;
  /** The entry's `date` as given. */
  readonly date: string;
  readonly code: CalendarErrorCode;
}

/** Thrown by `createCalendar` when its exceptions do not pass {@link checkExceptions}: a data error upstream. */
export class CalendarDataError extends RangeError {
  override readonly name = 'CalendarDataError';

  constructor(readonly issues: readonly CalendarIssue[]) {
    super(
      `@tongban/calendar: invalid calendar data: ${issues
        .map((issue) => `#${issue.index} ${issue.date}: ${issue.code}`)
        .join('; ')}`,
    );
  }
}
