import { agencyIdsOf, type Principal } from '@app/common';
import { toZonedIso, type CallConfiguration } from '@app/domain';
import type { CallRecord, CommitmentRecord } from '@app/persistence';

/** The timeline in the call's legal time zone (also the public call page's). */
export function zonedTimeline(configuration: CallConfiguration) {
  const z = (instant: string): string => toZonedIso(instant, configuration.timeZone);
  const t = configuration.timeline;
  return {
    alignmentDeadline: z(t.alignmentDeadline),
    opensAt: z(t.opensAt),
    stages: t.stages.map((s) => ({
      submissionDeadline: z(s.submissionDeadline),
      eligibilityDeadline: z(s.eligibilityDeadline),
      reviewDeadline: z(s.reviewDeadline),
    })),
    decisionDeadline: z(t.decisionDeadline),
  };
}

/**
 * A call as the caller may see it: the timeline in the call's legal time zone; commitments with their
 * amounts for staff, each agency's regional rules in full only for that agency's officers (and the
 * programme managers); applicants and evaluators see the participating regions only.
 */
export function callView(
  call: CallRecord,
  commitments: CommitmentRecord[],
  principal: Principal,
  seesEverything: boolean,
) {
  const mine = agencyIdsOf(principal);
  const staff = seesEverything || commitments.some((c) => mine.includes(c.agencyId));
  return {
    id: call.id,
    state: call.state,
    stateReason: call.stateReason,
    ...call.configuration,
    timeline: zonedTimeline(call.configuration),
    participatingRegions: commitments.filter((c) => c.status === 'CONFIRMED').map((c) => c.regionCode),
    ...(staff
      ? {
          commitments: commitments.map((c) => ({
            agencyId: c.agencyId,
            agencyName: c.agencyName,
            regionCode: c.regionCode,
            status: c.status,
            currency: c.currency,
            amount: c.amount,
            flexibility: c.flexibility,
            declineReason: c.declineReason,
            answeredAt: c.answeredAt,
            ...(seesEverything || mine.includes(c.agencyId) ? { rules: c.rules } : {}),
          })),
        }
      : {}),
    createdAt: call.createdAt,
    updatedAt: call.updatedAt,
  };
}

export type CallView = ReturnType<typeof callView>;
