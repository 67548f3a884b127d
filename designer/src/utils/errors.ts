import { ApiError } from '@/api/http';
import type { Locale } from '@/locales';

/** A user-facing message for any failure: the runtime's localized message when there is one. */
export function errorMessage(error: unknown, locale: Locale): string {
  if (error instanceof ApiError) return locale === 'zh-CN' ? error.body.message.zh : error.body.message.en;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The half of a bilingual message for the locale. */
export function localized(message: { zh: string; en: string }, locale: Locale): string {
  return locale === 'zh-CN' ? message.zh : message.en;
}
