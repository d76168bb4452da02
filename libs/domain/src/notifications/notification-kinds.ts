/**
 * Every kind of message the engine sends (SPEC §5 N1). `critical` kinds — security links and
 * deadline-critical messages — are always delivered at once: a user can neither turn them off nor
 * move them to the daily digest.
 */
export const NOTIFICATION_KINDS = {
  EMAIL_VERIFICATION: { critical: true, description: 'Confirm your e-mail address after registering' },
  PASSWORD_RESET: { critical: true, description: 'A password reset link you asked for' },
  ORGANISATION_INVITATION: { critical: true, description: 'An invitation to join an organisation' },
  EVALUATOR_INVITATION: { critical: true, description: 'An invitation to join the evaluator pool' },
  STAFF_INVITATION: { critical: true, description: 'Your staff account was created: set your password' },
  MEMBERSHIP_REQUESTED: { critical: false, description: 'Someone asked to join your organisation' },
  MEMBERSHIP_APPROVED: { critical: false, description: 'Your request to join an organisation was approved' },
  ALIGNMENT_INVITATION: {
    critical: true,
    description: 'Your agency is invited to commit funds to a joint call (with its deadline)',
  },
  ALIGNMENT_DROPPED_OUT: {
    critical: true,
    description: 'Your agency did not confirm by the alignment deadline and dropped out',
  },
  CALL_CANCELLED: { critical: true, description: 'A joint call your agency takes part in was cancelled' },
  CALL_OPENED: { critical: false, description: 'A joint call your agency funds is open for submissions' },
  PROPOSAL_PARTNER_INVITATION: {
    critical: true,
    description: 'Your organisation is invited as a partner of a proposal',
  },
  PROPOSAL_SUBMITTED: { critical: true, description: 'The receipt of a submitted proposal version' },
  ELIGIBILITY_CHECK_REQUESTED: {
    critical: true,
    description: 'Your agency is asked to check its partners’ eligibility by a deadline',
  },
  ELIGIBILITY_ESCALATION: {
    critical: true,
    description: 'Regional eligibility decisions are missing after their deadline',
  },
  PROPOSAL_ELIGIBILITY_RESULT: { critical: true, description: 'Your proposal was found eligible or ineligible' },
  EVALUATOR_ADDED_TO_CALL: {
    critical: false,
    description: 'You were added to the evaluators of a joint call: sign its declaration',
  },
  FUNDING_DECISION_PROPOSED: {
    critical: true,
    description: 'A funding decision awaits your agency’s approval for its region, by the decision deadline',
  },
  FUNDING_DECISION_OBJECTED: {
    critical: true,
    description: 'An agency objected to the proposed funding decision (to the programme managers)',
  },
  FUNDING_DECISION_REMINDER: {
    critical: true,
    description: 'Your agency has not answered the funding decision by its deadline',
  },
  FUNDING_DECISION_ESCALATION: {
    critical: true,
    description: 'Agencies have not answered the funding decision by its deadline (to the programme managers)',
  },
  GRANT_WITHDRAWN: {
    critical: true,
    description:
      'A funded partner’s grant was withdrawn before signature: ' +
      'its budget can fund a reserve proposal (to the programme managers)',
  },
  MILESTONE_REMINDER: { critical: true, description: 'A milestone of your project is due in a few days: report on it' },
  MILESTONE_OVERDUE: {
    critical: true,
    description: 'A project milestone is overdue after its grace period (to the programme managers and the agencies)',
  },
  REPORT_REMINDER: { critical: true, description: 'A periodic or final report of your project is due in a few days' },
  REPORT_OVERDUE: {
    critical: true,
    description:
      'A periodic or final project report is overdue after its grace period ' +
      '(to the programme managers and the agencies)',
  },
  PROJECT_REPORT_SUBMITTED: {
    critical: false,
    description:
      'A project submitted its consortium agreement or a joint report for your review (to the programme managers)',
  },
  PROJECT_DECISION: {
    critical: true,
    description:
      'A decision on your project: consortium agreement or report accepted or sent back, ' +
      'amendment approved or rejected, project suspended, resumed, terminated or completed',
  },
  INSTALMENTS_RELEASED: {
    critical: true,
    description: 'Instalments of a project were released to your agency: pay them and confirm the payment',
  },
  AMENDMENT_REQUESTED: {
    critical: true,
    description: 'A project asks your agency to approve an amendment (milestone dates, budget shifts, partners)',
  },
  FUNDING_DECISION_RESULT: {
    critical: true,
    description: 'The funding decision on your proposal, with its evaluation summary report',
  },
  STAGE_ONE_RESULT: {
    critical: true,
    description: 'The stage-1 result of your pre-proposal: invited to stage 2 or not',
  },
  REVIEW_OFFER: {
    critical: true,
    description: 'A proposal is offered to you for review: accept or decline before the offer expires',
  },
  REVIEW_OFFER_EXPIRED: { critical: false, description: 'A review offer expired before you answered it' },
  REVIEW_REMINDER: { critical: true, description: 'Your review is due in a few days' },
  REVIEW_OVERDUE: { critical: true, description: 'A review is overdue (to the programme managers)' },
  REVIEWERS_MISSING: {
    critical: true,
    description: 'A proposal lacks evaluators and no candidate is left (to the programme managers)',
  },
  RAPPORTEUR_DESIGNATED: {
    critical: false,
    description: 'You were designated rapporteur of a proposal: read its reviews and draft the consensus',
  },
  REDRESS_FILED: {
    critical: false,
    description: 'A coordinator filed a redress request against a result (to the programme managers)',
  },
  REDRESS_OUTCOME: { critical: true, description: 'The outcome of your redress request' },
  ELIGIBILITY_RECHECK_REQUESTED: {
    critical: true,
    description: 'An upheld redress request re-opens a proposal’s eligibility check: decide again by a deadline',
  },
} as const satisfies Record<string, { critical: boolean; description: string }>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export const NOTIFICATION_KIND_NAMES = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

export function isNotificationKind(value: string): value is NotificationKind {
  return Object.prototype.hasOwnProperty.call(NOTIFICATION_KINDS, value);
}

export const DELIVERY_PREFERENCES = ['IMMEDIATE', 'DAILY_DIGEST', 'OFF'] as const;
export type DeliveryPreference = (typeof DELIVERY_PREFERENCES)[number];

export type Delivery = 'IMMEDIATE' | 'DAILY_DIGEST' | 'SUPPRESSED';

/** How one message is delivered, given the recipient's preference for its kind (default immediate). */
export function deliveryFor(kind: NotificationKind, preference: DeliveryPreference | undefined): Delivery {
  if (NOTIFICATION_KINDS[kind].critical) return 'IMMEDIATE';
  switch (preference ?? 'IMMEDIATE') {
    case 'IMMEDIATE':
      return 'IMMEDIATE';
    case 'DAILY_DIGEST':
      return 'DAILY_DIGEST';
    case 'OFF':
      return 'SUPPRESSED';
  }
}
