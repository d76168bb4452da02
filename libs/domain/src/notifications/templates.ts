import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../identity/languages';
import type { NotificationCatalog } from './catalogs/catalog';
import { german } from './catalogs/de';
import { english } from './catalogs/en';
import { french } from './catalogs/fr';
import { italian } from './catalogs/it';
import { slovenian } from './catalogs/sl';
import { isNotificationKind, type NotificationKind } from './notification-kinds';
import type { NotificationData, RenderedNotification } from './notification-data';

export type { NotificationData, RenderedNotification } from './notification-data';

/** Every language's e-mails; the catalog type makes each carry every kind. */
export const NOTIFICATION_CATALOGS: Readonly<Record<Language, NotificationCatalog>> = {
  en: english,
  de: german,
  it: italian,
  fr: french,
  sl: slovenian,
};

/** The catalog of a language, English for anything else (a row written before languages existed). */
export function notificationCatalog(language: string | null | undefined): NotificationCatalog {
  return NOTIFICATION_CATALOGS[isLanguage(language) ? language : DEFAULT_LANGUAGE];
}

/** Options of the rendering that are the installation's, not the message's. */
export interface RenderOptions {
  /** The application's public URL: a message that names an object links to its page under it. */
  appUrl?: string;
}

function pageLine(catalog: NotificationCatalog, data: NotificationData, appUrl: string | undefined): string {
  if (!data.page || !appUrl) return '';
  return (
    `\n\n${catalog.openOnPlatform}\n${appUrl.replace(/\/+$/, '')}` +
    `${data.page.startsWith('/') ? '' : '/'}${data.page}`
  );
}

/**
 * Renders one message in a language (English by default): a message that names an object links to its
 * page (`data.page` under `appUrl`), and every message ends with that language's signature.
 */
export function renderNotification(
  kind: NotificationKind,
  data: NotificationData,
  language: Language = DEFAULT_LANGUAGE,
  options: RenderOptions = {},
): RenderedNotification {
  const catalog = NOTIFICATION_CATALOGS[language];
  const rendered = catalog.templates[kind](data);
  return {
    subject: rendered.subject,
    body: rendered.body + pageLine(catalog, data, options.appUrl) + catalog.signature,
  };
}

/**
 * An outbox row as stored: its kind, its template data (absent on rows written before delivery-time
 * rendering) and its text as written.
 */
export interface StoredNotification {
  kind: string;
  templateData: NotificationData | null;
  subject: string;
  body: string;
}

/**
 * What a message says when it is sent: rendered now in the recipient's current language when the row
 * carries its template data, else the text frozen when it was written (older rows, the digest).
 */
export function renderForDelivery(
  stored: StoredNotification,
  language: string | null | undefined,
  options: RenderOptions = {},
): RenderedNotification {
  if (stored.templateData === null || !isNotificationKind(stored.kind)) {
    return { subject: stored.subject, body: stored.body };
  }
  return renderNotification(
    stored.kind,
    stored.templateData,
    isLanguage(language) ? language : DEFAULT_LANGUAGE,
    options,
  );
}
