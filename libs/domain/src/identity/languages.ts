/**
 * The languages of the programme's regions: the web app's catalogs and the e-mails exist in each.
 * An account's language chooses both; English is the default.
 */
export const LANGUAGES = ['en', 'de', 'it', 'fr', 'sl'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
