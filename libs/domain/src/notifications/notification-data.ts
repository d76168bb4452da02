/** The details a message may use; each template names the ones it needs. */
export interface NotificationData {
  recipientName?: string;
  /** A single-use link (verification, reset, invitation). */
  link?: string;
  /**
   * The web page of the object the message names (a route of `webLinks` in libs/contracts, relative);
   * rendered as an absolute link under the application's public URL.
   */
  page?: string;
  /** ISO-8601 instant after which the link no longer works. */
  expiresAt?: string;
  organisationName?: string;
  inviterName?: string;
  applicantName?: string;
  callTitle?: string;
  /** A deadline as the call's legal time zone shows it. */
  deadline?: string;
  agencyName?: string;
  reason?: string;
  proposalAcronym?: string;
  /** A submission receipt: version, time, SHA-256. */
  receipt?: string;
  /** How many items need the recipient (partners to check, decisions missing). */
  count?: number;
  /** ELIGIBLE or INELIGIBLE, with the reasons when ineligible. */
  outcome?: string;
  /** A multi-line report (the evaluation summary: consensus score and comment per criterion). */
  report?: string;
}

export interface RenderedNotification {
  subject: string;
  body: string;
}
