import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { collectActivities } from '@app/temporal';
import { AutoAssignmentActivities } from './auto-assignment.activities';
import { CallLifecycleActivities } from './call-lifecycle.activities';
import { EligibilityPhaseActivities } from './eligibility-phase.activities';
import { FundingDecisionActivitiesService } from './funding-decision.activities';
import { ProjectActivitiesService } from './project.activities';
import { ProjectAmendmentActivitiesService } from './project-amendments.activities';
import { ProjectDecisionActivitiesService } from './project-decisions.activities';
import { ProposalLifecycleActivities } from './proposal-lifecycle.activities';
import { CallEndActivities } from './call-end.activities';
import { RankingActivities } from './ranking.activities';
import { ReviewAssignmentActivities } from './review-assignment.activities';
import { RuntimeProbeActivitiesService } from './runtime-probe.activities';

/** The providers whose `@Activity()` methods the worker registers (each adapts use cases of `@app/application`). */
export const ACTIVITY_PROVIDERS = [
  RuntimeProbeActivitiesService,
  CallLifecycleActivities,
  EligibilityPhaseActivities,
  ProposalLifecycleActivities,
  CallEndActivities,
  ReviewAssignmentActivities,
  AutoAssignmentActivities,
  RankingActivities,
  FundingDecisionActivitiesService,
  ProjectActivitiesService,
  ProjectDecisionActivitiesService,
  ProjectAmendmentActivitiesService,
];

/** Builds the object the Temporal worker registers from every marked method of the activity providers. */
@Injectable()
export class ActivitiesRegistry {
  constructor(private readonly moduleRef: ModuleRef) {}

  activities(): ReturnType<typeof collectActivities> {
    return collectActivities(ACTIVITY_PROVIDERS.map((type) => this.moduleRef.get<object>(type, { strict: false })));
  }
}
