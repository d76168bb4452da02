import { Injectable } from '@nestjs/common';
import type {
  AssignmentJobActivities,
  CallActivities,
  EligibilityActivities,
  FundingDecisionActivities,
  ProjectActivities,
  ReviewActivities,
  RuntimeProbeActivities,
} from '@app/contracts';
import { AutoAssignmentActivities } from './auto-assignment.activities';
import { CallLifecycleActivities } from './call-lifecycle.activities';
import { EligibilityPhaseActivities } from './eligibility-phase.activities';
import { FundingDecisionActivitiesService } from './funding-decision.activities';
import { ProjectActivitiesService } from './project.activities';
import { ProjectAmendmentActivitiesService } from './project-amendments.activities';
import { ProjectDecisionActivitiesService } from './project-decisions.activities';
import { RankingActivities } from './ranking.activities';
import { ReviewAssignmentActivities } from './review-assignment.activities';
import { RuntimeProbeActivitiesService } from './runtime-probe.activities';

type ActivityFunctions = RuntimeProbeActivities &
  CallActivities &
  EligibilityActivities &
  ReviewActivities &
  AssignmentJobActivities &
  FundingDecisionActivities &
  ProjectActivities;

/** Collects every activity provider into the object the Temporal worker registers. */
@Injectable()
export class ActivitiesRegistry {
  constructor(
    private readonly runtimeProbe: RuntimeProbeActivitiesService,
    private readonly calls: CallLifecycleActivities,
    private readonly eligibility: EligibilityPhaseActivities,
    private readonly reviews: ReviewAssignmentActivities,
    private readonly autoAssignment: AutoAssignmentActivities,
    private readonly ranking: RankingActivities,
    private readonly funding: FundingDecisionActivitiesService,
    private readonly projects: ProjectActivitiesService,
    private readonly projectDecisions: ProjectDecisionActivitiesService,
    private readonly projectAmendments: ProjectAmendmentActivitiesService,
  ) {}

  activities(): ActivityFunctions {
    return {
      recordRuntimeProbe: this.runtimeProbe.recordRuntimeProbe.bind(this.runtimeProbe),
      beginAlignment: this.calls.beginAlignment.bind(this.calls),
      saveCommitmentTerms: this.calls.saveCommitmentTerms.bind(this.calls),
      answerCommitment: this.calls.answerCommitment.bind(this.calls),
      concludeAlignment: this.calls.concludeAlignment.bind(this.calls),
      openCall: this.calls.openCall.bind(this.calls),
      extendDeadline: this.calls.extendDeadline.bind(this.calls),
      cancelCall: this.calls.cancelCall.bind(this.calls),
      startEvaluation: this.calls.startEvaluation.bind(this.calls),
      finaliseRanking: this.ranking.finaliseRanking.bind(this.ranking),
      proposeFundingDecision: this.funding.proposeFundingDecision.bind(this.funding),
      answerFundingDecision: this.funding.answerFundingDecision.bind(this.funding),
      escalateSilentAgencies: this.funding.escalateSilentAgencies.bind(this.funding),
      closeReserveList: this.funding.closeReserveList.bind(this.funding),
      loadProjectSchedule: this.projects.loadProjectSchedule.bind(this.projects),
      remindMilestone: this.projects.remindMilestone.bind(this.projects),
      markMilestoneOverdue: this.projects.markMilestoneOverdue.bind(this.projects),
      remindReport: this.projects.remindReport.bind(this.projects),
      alertReportOverdue: this.projects.alertReportOverdue.bind(this.projects),
      decideConsortiumAgreement: this.projectDecisions.decideConsortiumAgreement.bind(this.projectDecisions),
      decideReport: this.projectDecisions.decideReport.bind(this.projectDecisions),
      changeProjectState: this.projectDecisions.changeProjectState.bind(this.projectDecisions),
      completeProject: this.projectDecisions.completeProject.bind(this.projectDecisions),
      answerAmendment: this.projectAmendments.answerAmendment.bind(this.projectAmendments),
      closeSubmission: this.eligibility.closeSubmission.bind(this.eligibility),
      escalateMissingEligibility: this.eligibility.escalateMissingEligibility.bind(this.eligibility),
      extendAgencyEligibility: this.eligibility.extendAgencyEligibility.bind(this.eligibility),
      loadReviewSchedule: this.reviews.loadReviewSchedule.bind(this.reviews),
      topUpOffers: this.reviews.topUpOffers.bind(this.reviews),
      answerOffer: this.reviews.answerOffer.bind(this.reviews),
      expireOffer: this.reviews.expireOffer.bind(this.reviews),
      submitReview: this.reviews.submitReview.bind(this.reviews),
      remindReviewer: this.reviews.remindReviewer.bind(this.reviews),
      alertOverdueReview: this.reviews.alertOverdueReview.bind(this.reviews),
      runAutoAssignment: this.autoAssignment.runAutoAssignment.bind(this.autoAssignment),
      failJob: this.autoAssignment.failJob.bind(this.autoAssignment),
    };
  }
}
