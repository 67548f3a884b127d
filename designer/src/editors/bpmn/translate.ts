import zhCN from './i18n/zh-CN.json';

/** Dictionaries of bpmn-js / properties panel strings by locale (English is the source language). */
const DICTIONARIES: Record<string, Record<string, string>> = { 'zh-CN': zhCN };

/**
 * A diagram-js `translate` service for a locale: looks the English template up in the locale's dictionary and
 * fills `{placeholders}`. Unknown strings stay in English rather than disappear.
 */
export function createTranslate(locale: string): (template: string, replacements?: Record<string, unknown>) => string {
  const dictionary = DICTIONARIES[locale] ?? {};
  return (template, replacements = {}) => (dictionary[template] ?? template)
    .replace(/{([^}]+)}/g, (match, key: string) => (key in replacements ? String(replacements[key]) : match));
}

/** The diagram-js module that installs {@link createTranslate} for a locale. */
export function translateModule(locale: string): Record<string, unknown> {
  return { translate: ['value', createTranslate(locale)] };
}
