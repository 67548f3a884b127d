import { createI18n } from 'vue-i18n';

/** Locales of the designer; Chinese is the default. */
export const LOCALES = ['zh-CN', 'en-US'] as const;
/** A supported locale. */
export type Locale = (typeof LOCALES)[number];
/** The default locale. */
export const DEFAULT_LOCALE: Locale = 'zh-CN';

type Messages = Record<string, unknown>;

/** Merges `./<locale>/<area>.json` files into one message tree keyed by area (`library.title`, …). */
function collect(files: Record<string, { default: Messages }>): Record<Locale, Messages> {
  const messages: Record<string, Messages> = {};
  for (const [path, module] of Object.entries(files)) {
    const match = /\.\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, locale, area] = match as unknown as [string, string, string];
    (messages[locale] ??= {})[area] = module.default;
  }
  return messages as Record<Locale, Messages>;
}

/** Every message of every locale. */
export const messages = collect(import.meta.glob<{ default: Messages }>('./*/*.json', { eager: true }));

/** Whether a string names a supported locale. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The app's i18n instance (Composition API mode). */
export const i18n = createI18n({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  // The JSON files are the source of truth for keys; vue-i18n's message typing would need them as TS literals.
  messages: messages as Record<Locale, Record<string, never>>,
  missingWarn: false,
  fallbackWarn: false,
});

/** Translates a key outside components (router titles, stores' messages). */
export function translate(key: string, named: Record<string, unknown> = {}): string {
  return (i18n.global as unknown as { t: (key: string, named: Record<string, unknown>) => string }).t(key, named);
}
