import { toZonedIso } from '@app/domain';
import type { PublicCallRecord, PublicRegionRecord } from '@app/persistence';
import { zonedTimeline } from '../calls/call-view';
import type { PublicCallDetailView, PublicCallRegionRulesView, PublicCallSummaryView } from './public-call.dto';

/** The list item: what a visitor needs to pick a call. */
export function publicCallSummary(
  call: PublicCallRecord,
  regions: PublicRegionRecord[],
  activityTitles: Map<string, string>,
): PublicCallSummaryView {
  const c = call.configuration;
  return {
    id: call.id,
    title: c.title,
    actionType: c.actionType,
    topics: c.topics,
    keywords: c.keywords,
    transformativeActivities: c.transformativeActivityCodes.map((code) => ({
      code,
      title: activityTitles.get(code) ?? code,
    })),
    opensAt: toZonedIso(c.timeline.opensAt, c.timeZone),
    submissionDeadline: toZonedIso(new Date(call.submissionDeadline).toISOString(), c.timeZone),
    timeZone: c.timeZone,
    currentStage: call.currentStage,
    stages: c.stages,
    regions: regions.map((r) => ({
      code: r.code,
      name: r.name,
      country: r.country,
      currency: r.currency,
      agencyName: r.agencyName,
    })),
  };
}

/** The rules a region's applicants must meet, in the public contract's names (never amounts or flexibility). */
function publicRules(rules: PublicRegionRecord['rules']): PublicCallRegionRulesView {
  const annex = rules?.regionalAnnex;
  return {
    eligibleOrganisationTypes: rules?.eligibleOrganisationTypes ?? [],
    maxFundingRateBps: (rules?.maxFundingRateBps ?? {}) as Record<string, number>,
    ...(rules?.maxGrantPerPartner !== undefined ? { maxGrantPerPartner: rules.maxGrantPerPartner } : {}),
    ...(rules?.maxPerProject !== undefined ? { maxTotalPerProject: rules.maxPerProject } : {}),
    ...(annex?.required
      ? {
          annex: {
            daysAfterDeadline: annex.dueDaysAfterDeadline,
            fields: annex.fields ?? [],
            documents: annex.documents ?? [],
          },
        }
      : {}),
  };
}

/** The call page: timeline, criteria, consortium rules and each participating region's rules. */
export function publicCallDetail(
  call: PublicCallRecord,
  regions: PublicRegionRecord[],
  activityTitles: Map<string, string>,
): PublicCallDetailView {
  const c = call.configuration;
  const timeline = zonedTimeline(c);
  return {
    ...publicCallSummary(call, regions, activityTitles),
    description: c.description,
    timeline: {
      opensAt: timeline.opensAt,
      stages: timeline.stages.map((s, index) => ({ stageNo: index + 1, ...s })),
      decisionDeadline: timeline.decisionDeadline,
    },
    consortiumRules: {
      minPartners: c.consortium.minPartners,
      minDistinctRegions: c.consortium.minRegions,
      ...(c.consortium.maxPartners !== undefined ? { maxPartners: c.consortium.maxPartners } : {}),
      smeRequired: c.consortium.smeRequired,
      minDurationMonths: c.consortium.minDurationMonths,
      maxDurationMonths: c.consortium.maxDurationMonths,
    },
    criteria: c.criteria.map(({ name, weight, threshold }) => ({ name, weight, threshold })),
    overallThreshold: c.overallThreshold,
    ...(c.stages === 2 && c.stage1Criteria
      ? { stage1Criteria: c.stage1Criteria.map(({ name, weight, threshold }) => ({ name, weight, threshold })) }
      : {}),
    ...(c.stages === 2 && c.stage1OverallThreshold !== undefined
      ? { stage1OverallThreshold: c.stage1OverallThreshold }
      : {}),
    regions: regions.map((r) => ({
      code: r.code,
      name: r.name,
      country: r.country,
      currency: r.currency,
      agencyName: r.agencyName,
      programmeName: r.programmeName,
      rules: publicRules(r.rules),
    })),
  };
}
