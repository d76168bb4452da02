/**
 * The web application's routes (the pages that e-mails, the inbox and API answers link to), built from
 * ids in one place so that the server and the browser app agree on them. Paths are relative to the
 * application's public URL; `absoluteWebLink` joins them to it.
 */
const id = (value: string): string => encodeURIComponent(value);
const token = (path: string, value: string): string => `${path}?token=${encodeURIComponent(value)}`;

export const webLinks = {
  home: (): string => '/',
  openCalls: (): string => '/calls',
  call: (callId: string): string => `/calls/${id(callId)}`,
  signIn: (): string => '/sign-in',
  register: (): string => '/register',
  verifyEmail: (value: string): string => token('/verify-email', value),
  forgotPassword: (): string => '/forgot-password',
  resetPassword: (value: string): string => token('/reset-password', value),
  acceptInvitation: (value: string): string => token('/accept-invitation', value),
  notificationSettings: (): string => '/settings/notifications',
  tasks: (): string => '/tasks',
  myProposals: (): string => '/my/proposals',
  proposal: (proposalId: string): string => `/proposals/${id(proposalId)}`,
  proposalVersions: (proposalId: string): string => `/proposals/${id(proposalId)}/versions`,
  proposalOutcome: (proposalId: string): string => `/proposals/${id(proposalId)}/outcome`,
  project: (projectId: string): string => `/projects/${id(projectId)}`,
  assignment: (assignmentId: string): string => `/assignments/${id(assignmentId)}`,
  commitment: (callId: string, agencyId: string): string => `/calls/${id(callId)}/commitments/${id(agencyId)}`,
  instalment: (instalmentId: string): string => `/instalments/${id(instalmentId)}`,
} as const;

export type WebLinkName = keyof typeof webLinks;

/** `path` (a route above) under the application's public URL, e.g. `https://acie.example/proposals/…`. */
export function absoluteWebLink(publicAppUrl: string, path: string): string {
  return `${publicAppUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}
