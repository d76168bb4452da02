import type { NotificationCatalog } from './catalog';
import type { NotificationData } from '../notification-data';

function greeting(data: NotificationData): string {
  return `Dear ${data.recipientName?.trim() || 'colleague'},`;
}

function expiry(data: NotificationData): string {
  return data.expiresAt ? `\n\nThe link works once and expires at ${data.expiresAt} (UTC).` : '';
}

const templates: NotificationCatalog['templates'] = {
  EMAIL_VERIFICATION: (d) => ({
    subject: 'Confirm your e-mail address',
    body:
      `${greeting(d)}\n\nplease confirm your e-mail address to activate your account:\n\n` +
      `${d.link}${expiry(d)}\n\nIf you did not register, ignore this message.`,
  }),
  PASSWORD_RESET: (d) => ({
    subject: 'Reset your password',
    body:
      `${greeting(d)}\n\nsomeone (hopefully you) asked to reset the password of your ` +
      `account. Choose a new one here:\n\n${d.link}${expiry(d)}\n\nIf you did not ask ` +
      'for it, ignore this message: your password stays as it is.',
  }),
  ORGANISATION_INVITATION: (d) => ({
    subject: `Invitation to join ${d.organisationName ?? 'an organisation'} on the ACIE platform`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'A colleague'} invites you to join ` +
      `${d.organisationName ?? 'their organisation'} as an applicant:\n\n${d.link}${expiry(d)}`,
  }),
  EVALUATOR_INVITATION: (d) => ({
    subject: 'Invitation to the ACIE evaluator pool',
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'The joint secretariat'} invites you to join the pool of independent ` +
      `experts who evaluate ACIE joint calls${d.callTitle ? ` (${d.callTitle})` : ''}:\n\n${d.link}${expiry(d)}`,
  }),
  STAFF_INVITATION: (d) => ({
    subject: 'Your ACIE staff account',
    body:
      `${greeting(d)}\n\nan administrator created a staff account for you` +
      `${d.organisationName ? ` (${d.organisationName})` : ''}. Set your password here:\n\n${d.link}${expiry(d)}`,
  }),
  MEMBERSHIP_REQUESTED: (d) => ({
    subject: `${d.applicantName ?? 'Someone'} asks to join ${d.organisationName ?? 'your organisation'}`,
    body:
      `${greeting(d)}\n\n${d.applicantName ?? 'A new user'} registered and asks to join ` +
      `${d.organisationName ?? 'your organisation'}. Approve or refuse the request on the platform.`,
  }),
  ALIGNMENT_INVITATION: (d) => ({
    subject: `Commit funds to the joint call "${d.callTitle ?? ''}" by ${d.deadline ?? 'the alignment deadline'}`,
    body:
      `${greeting(d)}\n\n${d.agencyName ?? 'your agency'} is invited to align its regional funds with the joint ` +
      `call "${d.callTitle ?? ''}". Propose your amount and regional rules, then confirm or decline, ` +
      `by ${d.deadline ?? 'the alignment deadline'}. ` +
      'An agency that has not confirmed by then drops out of the call.',
  }),
  ALIGNMENT_DROPPED_OUT: (d) => ({
    subject: `${d.agencyName ?? 'Your agency'} dropped out of "${d.callTitle ?? ''}"`,
    body:
      `${greeting(d)}\n\nthe fund alignment of the joint call "${d.callTitle ?? ''}" ended without a ` +
      `confirmation from ${d.agencyName ?? 'your agency'}, so it does not take part in this call.`,
  }),
  CALL_CANCELLED: (d) => ({
    subject: `The joint call "${d.callTitle ?? ''}" was cancelled`,
    body: `${greeting(d)}\n\nthe joint call "${d.callTitle ?? ''}" was cancelled. Reason: ${d.reason ?? 'not given'}.`,
  }),
  CALL_OPENED: (d) => ({
    subject: `The joint call "${d.callTitle ?? ''}" is open`,
    body:
      `${greeting(d)}\n\nthe joint call "${d.callTitle ?? ''}" is open for ` +
      `submissions until ${d.deadline ?? 'its submission deadline'}.`,
  }),
  PROPOSAL_PARTNER_INVITATION: (d) => ({
    subject: `${d.organisationName ?? 'Your organisation'} is invited to the proposal ${d.proposalAcronym ?? ''}`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'A coordinator'} invites ` +
      `${d.organisationName ?? 'your organisation'} to join the proposal ${d.proposalAcronym ?? ''} for ` +
      `the joint call "${d.callTitle ?? ''}". Accept the invitation on the platform and enter your ` +
      `organisation's partner data (funding, eligible costs, requested grant).`,
  }),
  PROPOSAL_SUBMITTED: (d) => ({
    subject: `Receipt: ${d.proposalAcronym ?? 'your proposal'} submitted to "${d.callTitle ?? ''}"`,
    body:
      `${greeting(d)}\n\nthe proposal ${d.proposalAcronym ?? ''} was submitted.\n\n${d.receipt ?? ''}` +
      '\n\nYou may submit again until the deadline; the last version before it counts.',
  }),
  ELIGIBILITY_CHECK_REQUESTED: (d) => ({
    subject:
      `Check the eligibility of ${d.count ?? 'your'} partner(s) ` +
      `in "${d.callTitle ?? ''}" by ${d.deadline ?? 'the eligibility deadline'}`,
    body:
      `${greeting(d)}\n\nthe submission of the joint call "${d.callTitle ?? ''}" has closed. ` +
      `${d.agencyName ?? 'Your agency'} is asked to record, for each of its region's ${d.count ?? ''} ` +
      'funded partner(s), eligible or ineligible with a reason, ' +
      `by ${d.deadline ?? 'the eligibility deadline'}. Missing decisions are escalated to the programme manager.`,
  }),
  ELIGIBILITY_ESCALATION: (d) => ({
    subject: `${d.count ?? 'Some'} regional eligibility decision(s) missing in "${d.callTitle ?? ''}"`,
    body:
      `${greeting(d)}\n\n${d.count ?? 'Some'} regional eligibility decision(s) ` +
      `of the joint call "${d.callTitle ?? ''}" are missing after their deadline. ` +
      'The proposals concerned wait in the eligibility check: ' +
      `record the decisions on the agencies' behalf (with a reason) or extend an agency's deadline.`,
  }),
  PROPOSAL_ELIGIBILITY_RESULT: (d) => ({
    subject: `Eligibility of ${d.proposalAcronym ?? 'your proposal'}: ${d.outcome?.split(':')[0] ?? ''}`,
    body:
      `${greeting(d)}\n\nthe eligibility check of ${d.proposalAcronym ?? 'your proposal'} in the ` +
      `joint call "${d.callTitle ?? ''}" is complete: ${d.outcome ?? ''}.`,
  }),
  FUNDING_DECISION_PROPOSED: (d) => ({
    subject: `Funding decision to approve for "${d.callTitle ?? ''}"`,
    body:
      `${greeting(d)}\n\nthe joint secretariat proposes the funding decision of the joint call "` +
      `${d.callTitle ?? ''}" (${d.count ?? 0} proposal(s) selected). Approve it for your region — ` +
      `with conditions if needed — or object with a reason${d.deadline ? ` by ${d.deadline}` : ''}.`,
  }),
  FUNDING_DECISION_OBJECTED: (d) => ({
    subject: `Objection to the funding decision of "${d.callTitle ?? ''}"`,
    body:
      `${greeting(d)}\n\nthe agency for ${d.agencyName ?? 'a region'} objected to the ` +
      `proposed funding decision of the joint call "${d.callTitle ?? ''}": ` +
      `${d.reason ?? ''}\n\nRevise the decision; the agencies then approve it again.`,
  }),
  FUNDING_DECISION_REMINDER: (d) => ({
    subject: `Funding decision of "${d.callTitle ?? ''}" still awaits ${d.agencyName ?? 'your agency'}`,
    body:
      `${greeting(d)}\n\nthe funding decision of the joint call "${d.callTitle ?? ''}" was due ` +
      `for your approval${d.deadline ? ` by ${d.deadline}` : ''}. ` +
      'The decision waits for your answer: approve it for your region or object with a reason.',
  }),
  FUNDING_DECISION_ESCALATION: (d) => ({
    subject: `${d.count ?? 'Some'} agency answer(s) missing on the funding decision of "${d.callTitle ?? ''}"`,
    body:
      `${greeting(d)}\n\n${d.count ?? 'Some'} agency(ies) have not answered the funding decision of ` +
      `the joint call "${d.callTitle ?? ''}"${d.deadline ? ` by ${d.deadline}` : ''}. ` +
      'The decision waits: follow up with them or extend the decision deadline.',
  }),
  GRANT_WITHDRAWN: (d) => ({
    subject: `A grant of ${d.proposalAcronym ?? 'a proposal'} was withdrawn in "${d.callTitle ?? ''}"`,
    body:
      `${greeting(d)}\n\na partner's grant in ${d.proposalAcronym ?? 'a funded proposal'} of the joint call "` +
      `${d.callTitle ?? ''}" was withdrawn: ${d.reason ?? ''}\n\nIts budget is free again: ` +
      'propose the promotion of the next reserve proposal that now fits, or close the reserve list.',
  }),
  MILESTONE_REMINDER: (d) => ({
    subject:
      `Milestone "${d.reason ?? ''}" of ` +
      `${d.proposalAcronym ?? 'your project'} is due in ${d.count ?? 'a few'} day(s)`,
    body:
      `${greeting(d)}\n\nthe milestone "${d.reason ?? ''}" of ` +
      `${d.proposalAcronym ?? 'your project'} (joint call "${d.callTitle ?? ''}") ` +
      `is due ${d.deadline ? `at ${d.deadline}` : 'soon'}. ` +
      'The coordinator submits the joint report on the platform.',
  }),
  MILESTONE_OVERDUE: (d) => ({
    subject: `Milestone "${d.reason ?? ''}" of ${d.proposalAcronym ?? 'a project'} is overdue`,
    body:
      `${greeting(d)}\n\nthe milestone "${d.reason ?? ''}" of ` +
      `${d.proposalAcronym ?? 'a project'} in the joint call "${d.callTitle ?? ''}" was due ` +
      `${d.deadline ? `at ${d.deadline}` : ''} and is not reported after the grace period.`,
  }),
  REPORT_REMINDER: (d) => ({
    subject:
      `The ${d.reason ?? 'periodic report'} of ` +
      `${d.proposalAcronym ?? 'your project'} is due in ${d.count ?? 'a few'} day(s)`,
    body:
      `${greeting(d)}\n\nthe ${d.reason ?? 'periodic report'} of ${d.proposalAcronym ?? 'your project'} (joint ` +
      `call "${d.callTitle ?? ''}") is due ${d.deadline ? `at ${d.deadline}` : 'soon'}. ` +
      `The coordinator submits the joint report on the platform, with each funded partner's part.`,
  }),
  REPORT_OVERDUE: (d) => ({
    subject: `The ${d.reason ?? 'periodic report'} of ${d.proposalAcronym ?? 'a project'} is overdue`,
    body:
      `${greeting(d)}\n\nthe ${d.reason ?? 'periodic report'} of ` +
      `${d.proposalAcronym ?? 'a project'} in the joint call "${d.callTitle ?? ''}" was due ` +
      `${d.deadline ? `at ${d.deadline}` : ''} and has not been submitted after the grace period.`,
  }),
  PROJECT_REPORT_SUBMITTED: (d) => ({
    subject: `${d.reason ?? 'A report'} of ${d.proposalAcronym ?? 'a project'} awaits your review`,
    body:
      `${greeting(d)}\n\n${d.proposalAcronym ?? 'a project'} of the joint call "${d.callTitle ?? ''}" ` +
      `submitted ${d.reason ?? 'a report'}. Accept it or send it back with a comment.`,
  }),
  PROJECT_DECISION: (d) => ({
    subject: `${d.proposalAcronym ?? 'Your project'}: ${d.outcome ?? ''}`,
    body:
      `${greeting(d)}\n\n${d.proposalAcronym ?? 'your project'} (joint call "` +
      `${d.callTitle ?? ''}"): ${d.outcome ?? ''}.${d.reason ? `\n\n${d.reason}` : ''}`,
  }),
  INSTALMENTS_RELEASED: (d) => ({
    subject: `${d.count ?? 'Some'} instalment(s) of ${d.proposalAcronym ?? 'a project'} released to your agency`,
    body:
      `${greeting(d)}\n\n${d.count ?? 'some'} instalment(s) of ${d.proposalAcronym ?? 'a project'} ` +
      `in the joint call "${d.callTitle ?? ''}" were released to your agency (` +
      `${d.reason ?? ''}). Pay your partners and confirm each payment on the platform.`,
  }),
  AMENDMENT_REQUESTED: (d) => ({
    subject: `${d.proposalAcronym ?? 'A project'} asks your agency to approve an amendment`,
    body:
      `${greeting(d)}\n\n${d.proposalAcronym ?? 'a project'} of the joint call "${d.callTitle ?? ''}" ` +
      `requests an amendment: ${d.reason ?? ''}\n\nApprove it or reject it with a reason.`,
  }),
  FUNDING_DECISION_RESULT: (d) => ({
    subject: `Funding decision on ${d.proposalAcronym ?? 'your proposal'} in "${d.callTitle ?? ''}"`,
    body:
      `${greeting(d)}\n\nthe funding decision of the joint call "${d.callTitle ?? ''}" is made. ` +
      `${d.proposalAcronym ?? 'Your proposal'}: ${d.outcome ?? ''}.` +
      `${d.report ? `\n\nEvaluation summary (consensus of the independent experts):\n${d.report}` : ''}`,
  }),
  STAGE_ONE_RESULT: (d) => ({
    subject: `Stage-1 result of ${d.proposalAcronym ?? 'your pre-proposal'} in "${d.callTitle ?? ''}"`,
    body:
      `${greeting(d)}\n\nthe pre-proposals of the joint call "${d.callTitle ?? ''}" have been ` +
      `evaluated. ${d.proposalAcronym ?? 'Your pre-proposal'}: ` +
      `${d.outcome ?? ''}.` +
      (d.deadline
        ? ' Start the full proposal on the platform, naming this pre-proposal; ' +
          'the coordinator stays the same, partner changes are shown to the evaluators.'
        : ''),
  }),
  REVIEW_OFFER: (d) => ({
    subject:
      `${d.count && d.count > 1 ? `${d.count} proposals` : (d.proposalAcronym ?? 'A proposal')}` +
      ` offered to you for review in "${d.callTitle ?? ''}"`,
    body:
      `${greeting(d)}\n\n` +
      (d.count && d.count > 1
        ? `${d.count} proposals of the joint call "${d.callTitle ?? ''}" are`
        : `the proposal ${d.proposalAcronym ?? ''} of the joint call "${d.callTitle ?? ''}" is`) +
      ' offered to you for review. Accept or decline in your review queue' +
      `${d.deadline ? ` by ${d.deadline}` : ''}; an offer you leave unanswered goes to another evaluator.`,
  }),
  REVIEW_OFFER_EXPIRED: (d) => ({
    subject: `Review offer for ${d.proposalAcronym ?? 'a proposal'} expired`,
    body:
      `${greeting(d)}\n\nthe offer to review ${d.proposalAcronym ?? 'a proposal'} in the joint call "` +
      `${d.callTitle ?? ''}" expired without an answer and went to another evaluator.`,
  }),
  REVIEW_REMINDER: (d) => ({
    subject: `Your review of ${d.proposalAcronym ?? 'a proposal'} is due in ${d.count ?? 'a few'} day(s)`,
    body:
      `${greeting(d)}\n\nyour review of ${d.proposalAcronym ?? 'a proposal'} in the joint call "` +
      `${d.callTitle ?? ''}" is due ` +
      `${d.deadline ? `at ${d.deadline}` : 'soon'}. Submit it from your review queue.`,
  }),
  REVIEW_OVERDUE: (d) => ({
    subject: `Review of ${d.proposalAcronym ?? 'a proposal'} overdue in "${d.callTitle ?? ''}"`,
    body:
      `${greeting(d)}\n\na review of ${d.proposalAcronym ?? 'a proposal'} in the joint call "` +
      `${d.callTitle ?? ''}" was due ${d.deadline ? `at ${d.deadline}` : ''} and is not ` +
      'submitted. Contact the evaluator or replace the assignment.',
  }),
  REVIEWERS_MISSING: (d) => ({
    subject: `${d.proposalAcronym ?? 'A proposal'} lacks ${d.count ?? 'some'} evaluator(s) in "${d.callTitle ?? ''}"`,
    body:
      `${greeting(d)}\n\n${d.proposalAcronym ?? 'A proposal'} of the joint call "` +
      `${d.callTitle ?? ''}" still needs ${d.count ?? 'some'} evaluator(s) ` +
      `and no candidate with spare load is left. Add evaluators to the call's pool or assign one manually.`,
  }),
  RAPPORTEUR_DESIGNATED: (d) => ({
    subject: `You are the rapporteur of ${d.proposalAcronym ?? 'a proposal'} in "${d.callTitle ?? ''}"`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'The joint secretariat'} designated you rapporteur of ` +
      `${d.proposalAcronym ?? 'a proposal'} in the joint call "${d.callTitle ?? ''}". ` +
      'Once its reviews are submitted you can read them, ' +
      'with their scores and comments, and draft the consensus per criterion on the platform.',
  }),
  EVALUATOR_ADDED_TO_CALL: (d) => ({
    subject: `You are an evaluator of the joint call "${d.callTitle ?? ''}"`,
    body:
      `${greeting(d)}\n\n${d.inviterName ?? 'The joint secretariat'} added you to the evaluators of the joint ` +
      `call "${d.callTitle ?? ''}". Before you see any proposal, read and sign the call's confidentiality and ` +
      'no-conflict declaration on the platform, then declare your conflicts of interest with its proposals.',
  }),
  REDRESS_FILED: (d) => ({
    subject: `Redress request on ${d.proposalAcronym ?? 'a proposal'} in "${d.callTitle ?? ''}"`,
    body:
      `${greeting(d)}\n\n${d.organisationName ?? 'The coordinator'} filed a redress request on procedural ` +
      `grounds against the result of ${d.proposalAcronym ?? 'a proposal'} in the joint call "` +
      `${d.callTitle ?? ''}". Read the grounds and record the outcome on the platform.`,
  }),
  REDRESS_OUTCOME: (d) => ({
    subject: `Outcome of your redress request on ${d.proposalAcronym ?? 'your proposal'}`,
    body:
      `${greeting(d)}\n\nthe programme manager decided your redress request on ` +
      `${d.proposalAcronym ?? 'your proposal'} in the joint call "${d.callTitle ?? ''}": ` +
      `${d.outcome ?? ''}.\n\nReason: ${d.reason ?? 'not given'}.`,
  }),
  ELIGIBILITY_RECHECK_REQUESTED: (d) => ({
    subject:
      `Check the eligibility of ${d.proposalAcronym ?? 'a proposal'} ` + `again by ${d.deadline ?? 'the new deadline'}`,
    body:
      `${greeting(d)}\n\na redress request on ${d.proposalAcronym ?? 'a proposal'} in the joint call "` +
      `${d.callTitle ?? ''}" was upheld and its eligibility check re-opened. ` +
      `${d.agencyName ?? 'Your agency'} is asked to record again, for each of its region's ${d.count ?? ''} ` +
      `funded partner(s) in it, eligible or ineligible with a reason, by ${d.deadline ?? 'the new deadline'}.`,
  }),
  MEMBERSHIP_APPROVED: (d) => ({
    subject: `You are now a member of ${d.organisationName ?? 'your organisation'}`,
    body:
      `${greeting(d)}\n\nyour request to join ` +
      `${d.organisationName ?? 'the organisation'} was approved. You can now see and edit its proposals.`,
  }),
};

const messages = (n: number): string => `${n} ${n === 1 ? 'message' : 'messages'}`;

/** English: the reference catalog (the other languages translate it). */
export const english: NotificationCatalog = {
  templates,
  signature:
    '\n\n-- \nACIE Joint Call Engine\nYou receive this message because of ' +
    'your account on the ACIE joint-call platform.',
  openOnPlatform: 'Open it on the platform:',
  digest: {
    subject: (day, n) => `Your ACIE digest for ${day}: ${messages(n)}`,
    intro: (day, n) => `Your daily digest of ${day} (${messages(n)}):`,
    footer:
      '\n\n-- \nACIE Joint Call Engine\nYou receive this daily digest because of your ' +
      'notification preferences on the ACIE joint-call platform.',
  },
};
