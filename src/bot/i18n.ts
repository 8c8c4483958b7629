import { en } from './locales/en.ts';
import { id } from './locales/id.ts';

export type Lang = 'id' | 'en';
export type Texts = typeof id;

const locales: Record<Lang, Texts> = { id, en };

/** Indonesian by default; English when the buyer's Telegram speaks English. */
export function langOf(languageCode: string | null | undefined): Lang {
  return languageCode?.toLowerCase().startsWith('en') ? 'en' : 'id';
}

export function texts(lang: Lang): Texts {
  return locales[lang];
}
