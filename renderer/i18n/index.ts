import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { LedgerError } from '../../shared/errors';
import { msg, type Lang } from '../../shared/i18n/messages';
import { formatDateTime } from '../format';
import { en } from './en';
import { zh } from './zh';

const LANG_KEY = 'ledger.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

void i18next.use(initReactI18next).init({
  resources: { zh: { translation: zh }, en: { translation: en } },
  lng: initialLang(),
  fallbackLng: 'zh',
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
document.documentElement.lang = i18next.language === 'en' ? 'en' : 'zh-CN';

export const i18n = i18next;

export function currentLang(): Lang {
  return i18next.language === 'en' ? 'en' : 'zh';
}

export function setLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  void i18next.changeLanguage(lang);
}

/** `t` plus the current language, re-rendering when it changes. */
export function useT() {
  const { t, i18n: inst } = useTranslation();
  const lang: Lang = inst.language === 'en' ? 'en' : 'zh';
  return { t, lang };
}

/** A validation key from a shared zod schema (`v.required`) or an engine sentence, in the UI language. */
export function vmsg(keyOrText: string, lang: Lang = currentLang()): string {
  return localTimes(msg(keyOrText, lang));
}

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/g;

/** Engine messages carry ISO timestamps (`2026-11-23T19:01:53.577Z`); show them as local `2026-11-24 03:01:53`. */
export function localTimes(text: string): string {
  return text.replace(ISO_TIME, (iso) => formatDateTime(iso, true));
}

/**
 * An engine error in the UI language. Chinese: the engine's own message (it is the most specific).
 * English: our translation of the code, with the engine's params, plus the original for detail.
 */
export function errorText(err: Pick<LedgerError, 'code' | 'message' | 'key' | 'params'>, lang: Lang = currentLang()): string {
  if (lang === 'zh') return localTimes(err.message);
  const code = err.key === 'error.NETWORK' || err.key === 'error.NO_TOKEN' ? 'NETWORK' : err.code;
  const known = (en.errors as Record<string, string>)[code];
  if (!known) return err.message;
  const text = localTimes(known.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(err.params?.[k] ?? '')));
  return /[\u4e00-\u9fff]/.test(err.message) && err.code !== 'CONFLICT' ? `${text} (${localTimes(err.message)})` : text;
}
