import type { NotificationKind } from '../notification-kinds';
import type { NotificationData, RenderedNotification } from '../notification-data';

/**
 * The e-mails of one language: a template per kind (the Record type makes every language carry every
 * kind), the signature (after the standard `-- ` delimiter line, which the digest strips) and the
 * digest's own words.
 */
export interface NotificationCatalog {
  templates: Record<NotificationKind, (data: NotificationData) => RenderedNotification>;
  signature: string;
  /** Introduces the link to the page of the object a message names. */
  openOnPlatform: string;
  digest: {
    subject(day: string, count: number): string;
    intro(day: string, count: number): string;
    footer: string;
  };
}
