import { ApiError } from '@/api/client';
import type { Locale } from '@/locales';

/** A user-facing message for any failure: the runtime's localized message (and its first detail) when there is one. */
export function errorMessage(error: unknown, locale: Locale): string {
  if (error instanceof ApiError) {
    const main = localized(error.body.message, locale);
    const detail = error.body.details?.[0];
    return detail && detail.message ? `${main}（${detail.path ? `${detail.path}：` : ''}${localized(detail.message, locale)}）` : main;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The half of a bilingual message for the locale. */
export function localized(message: { zh: string; en: string }, locale: Locale): string {
  return locale === 'zh-CN' ? message.zh : message.en;
}
