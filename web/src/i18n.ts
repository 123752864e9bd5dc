import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import ar from '../../content/locales/ar.json';
import en from '../../content/locales/en.json';

export type Language = 'en' | 'ar';
export const LANGUAGES: readonly Language[] = ['en', 'ar'];
const STORAGE_KEY = 'cellpath.lang';

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'ar';
}

export function directionOf(lang: Language): 'ltr' | 'rtl' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

function readStored(): Language | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

/** True when the person chose a language themselves; then the clinic default does not override it. */
export function hasChosenLanguage(): boolean {
  return readStored() !== null;
}

function browserLanguage(): Language {
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const base = tag?.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

function applyToDocument(lang: Language): void {
  const html = document.documentElement;
  html.lang = lang;
  html.dir = directionOf(lang);
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'en';
}

/** Switches language; `remember` stores an explicit choice so it survives reloads and sign-ins. */
export async function setLanguage(lang: Language, remember = true): Promise<void> {
  if (remember) {
    try {
      window.localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Storage may be unavailable (private mode); the choice still applies for this visit.
    }
  }
  await i18next.changeLanguage(lang);
}

export function initI18n(): typeof i18next {
  const initial = readStored() ?? browserLanguage();
  applyToDocument(initial);
  i18next.on('languageChanged', (lng) => {
    if (isLanguage(lng)) applyToDocument(lng);
  });
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ar: { translation: ar } },
    lng: initial,
    fallbackLng: 'en',
    supportedLngs: ['en', 'ar'],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return i18next;
}
