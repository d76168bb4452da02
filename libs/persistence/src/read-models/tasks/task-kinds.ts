import type { TaskKind } from './task-kind';
import { annexDueTask } from './kinds/annex-due.task';
import { commitmentToAnswerTask } from './kinds/commitment-to-answer.task';
import { consortiumAgreementDueTask } from './kinds/consortium-agreement-due.task';
import { consortiumAgreementToReviewTask } from './kinds/consortium-agreement-to-review.task';
import { decisionToApproveTask } from './kinds/decision-to-approve.task';
import { declarationToSignTask } from './kinds/declaration-to-sign.task';
import { draftToSubmitTask } from './kinds/draft-to-submit.task';
import { eligibilityDecisionsDueTask } from './kinds/eligibility-decisions-due.task';
import { eligibilityEscalationTask } from './kinds/eligibility-escalation.task';
import { offerToAnswerTask } from './kinds/offer-to-answer.task';
import { partnerInvitationTask } from './kinds/partner-invitation.task';
import { paymentToConfirmTask } from './kinds/payment-to-confirm.task';
import { reportDueTask } from './kinds/report-due.task';
import { reportToReviewTask } from './kinds/report-to-review.task';
import { reviewDueTask } from './kinds/review-due.task';

/** Every kind of inbox task, by workspace. A new kind is one module and one line here. */
export const TASK_KINDS: readonly TaskKind[] = [
  partnerInvitationTask,
  draftToSubmitTask,
  annexDueTask,
  reportDueTask,
  consortiumAgreementDueTask,
  declarationToSignTask,
  offerToAnswerTask,
  reviewDueTask,
  commitmentToAnswerTask,
  eligibilityDecisionsDueTask,
  decisionToApproveTask,
  paymentToConfirmTask,
  eligibilityEscalationTask,
  reportToReviewTask,
  consortiumAgreementToReviewTask,
];

export const TASK_KIND_NAMES: readonly string[] = TASK_KINDS.map((k) => k.kind);
