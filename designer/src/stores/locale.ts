import { defineStore } from 'pinia';
import { ref, watch, type Ref } from 'vue';
import { DEFAULT_LOCALE, i18n, isLocale, type Locale } from '@/locales';

const STORAGE_KEY = 'tongban.locale';

/** The UI language: Chinese by default, remembered per browser. */
export const useLocaleStore = defineStore('locale', () => {
  const stored = readStored();
  const locale = ref<Locale>(stored ?? DEFAULT_LOCALE);

  function apply(value: Locale): void {
    (i18n.global.locale as unknown as Ref<string>).value = value;
    if (typeof document !== 'undefined') document.documentElement.lang = value;
  }
  apply(locale.value);

  watch(locale, (value) => {
    apply(value);
    try {
      localStorage.setItem(STORAGE_KEY, value);
    } catch {
      // storage may be unavailable (private mode); the choice then lasts for the session only
    }
  });

  /** Switches the UI language. */
  function setLocale(value: Locale): void {
    locale.value = value;
  }

  /** Toggles between Chinese and English. */
  function toggle(): void {
    locale.value = locale.value === 'zh-CN' ? 'en-US' : 'zh-CN';
  }

  return { locale, setLocale, toggle };
});

function readStored(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}
