import type { ProblemParams, Violation } from '../domain-error';
import { FULL_RATE_BPS, maxGrantFor } from './funding-rate';
import type { EligibilityContext, ProposalContent, ProposalPartner } from './proposal-model';

export const ACRONYM_MAX_LENGTH = 20;

type Region = EligibilityContext['participatingRegions'][string];

const isMinorAmount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const isBlank = (s: unknown): boolean => typeof s !== 'string' || s.trim().length === 0;
const codePoints = (s: string): number => [...s].length;
const percent = (bps: number): string => `${Math.floor(bps / 100)}.${String(bps % 100).padStart(2, '0')} %`;
const sortedArray = (items: Iterable<string>): string[] => [...new Set(items)].sort(compareText);
const sortedList = (items: Iterable<string>): string => sortedArray(items).join(', ');

/**
 * SPEC §5 E1–E5, checked at submission (and again at the end of the regional check, R2). Returns
 * every broken rule — never only the first — each with its rule id, a field path where one applies
 * (`partners[2].requestedGrant`, `workPlan[0].dueMonth`, `kpiTargets.JOBS`) and a stable code, sorted
 * by rule, then field (numeric indices in numeric order), then code, then message.
 *
 * Messages name organisations by id rather than by list position, so that the same consortium in
 * another order gives the same violations (up to the indices in the field paths).
 *
 * Codes: E1 TOO_FEW_PARTNERS, TOO_MANY_PARTNERS, TOO_FEW_FUNDING_REGIONS; E2 COORDINATOR_MISSING,
 * MULTIPLE_COORDINATORS, COORDINATOR_NOT_FUNDED, COORDINATOR_REGION_NOT_PARTICIPATING; E3
 * ORGANISATION_TYPE_NOT_ELIGIBLE, GRANT_ABOVE_FUNDING_RATE, GRANT_ABOVE_PARTNER_MAXIMUM,
 * REGION_ABOVE_PROJECT_MAXIMUM; E4 DURATION_OUT_OF_RANGE, ACRONYM_REQUIRED, ACRONYM_TOO_LONG,
 * FIELD_REQUIRED, SME_REQUIRED, MILESTONE_OUTSIDE_DURATION, MILESTONE_RESPONSIBLE_NOT_PARTNER,
 * MULTIPLE_MID_TERM_MILESTONES, UNKNOWN_KPI, INVALID_KPI_TARGET, UNKNOWN_TRANSFORMATIVE_ACTIVITY,
 * DUPLICATE_PARTNER, INVALID_AMOUNT, GRANT_ABOVE_ELIGIBLE_COSTS; E5 NON_PARTICIPATING_REGION_FUNDED,
 * SELF_FUNDED_REQUESTS_GRANT.
 */
export function checkProposal(content: ProposalContent, context: EligibilityContext): Violation[] {
  const violations: Violation[] = [];
  const add = (rule: string, field: string, code: string, message: string, params?: ProblemParams): void => {
    violations.push(params ? { field, rule, code, message, params } : { field, rule, code, message });
  };

  const partners: ProposalPartner[] = Array.isArray(content.partners) ? content.partners : [];
  const regionOf = (code: string): Region | undefined =>
    Object.hasOwn(context.participatingRegions, code) ? context.participatingRegions[code] : undefined;
  const participates = (p: ProposalPartner): boolean => regionOf(p.regionCode) !== undefined;
  const amountsValid = (p: ProposalPartner): boolean =>
    isMinorAmount(p.eligibleCosts) && isMinorAmount(p.requestedGrant);
  // Money params carry the currency of the partner's region when that region funds the call.
  const currencyOf = (regionCode: string): { currency?: string } => {
    const currency = regionOf(regionCode)?.currency;
    return currency ? { currency } : {};
  };

  // ---- E1 consortium size and funding regions (E5: non-participating regions do not count).
  const { consortium } = context;
  const organisations = new Set(partners.map((p) => p.organisationId));
  if (organisations.size < consortium.minPartners) {
    add(
      'E1',
      'partners',
      'TOO_FEW_PARTNERS',
      `The consortium has ${organisations.size} partners; the call needs at least ${consortium.minPartners}.`,
      {
        actual: organisations.size,
        min: consortium.minPartners,
      },
    );
  }
  if (consortium.maxPartners !== undefined && organisations.size > consortium.maxPartners) {
    add(
      'E1',
      'partners',
      'TOO_MANY_PARTNERS',
      `The consortium has ${organisations.size} partners; the call allows at most ${consortium.maxPartners}.`,
      {
        actual: organisations.size,
        max: consortium.maxPartners,
      },
    );
  }
  const fundingRegions = new Set(partners.filter((p) => p.funded && participates(p)).map((p) => p.regionCode));
  if (fundingRegions.size < consortium.minRegions) {
    add(
      'E1',
      'partners',
      'TOO_FEW_FUNDING_REGIONS',
      `Funded partners come from ${fundingRegions.size} participating region${fundingRegions.size === 1 ? '' : 's'}` +
        `${fundingRegions.size > 0 ? ` (${sortedList(fundingRegions)})` : ''}; ` +
        `the call needs at least ${consortium.minRegions}.`,
      { actual: fundingRegions.size, min: consortium.minRegions, regionCodes: sortedArray(fundingRegions) },
    );
  }

  // ---- E2 one coordinator, funded, from a participating region.
  const coordinators = partners.map((p, i) => ({ p, i })).filter(({ p }) => p.role === 'COORDINATOR');
  if (coordinators.length === 0) {
    add('E2', 'partners', 'COORDINATOR_MISSING', 'The consortium needs a coordinator.');
  } else if (coordinators.length > 1) {
    add(
      'E2',
      'partners',
      'MULTIPLE_COORDINATORS',
      `The consortium has ${coordinators.length} coordinators (` +
        `${sortedList(coordinators.map(({ p }) => p.organisationId))}); it needs exactly one.`,
      { actual: coordinators.length, organisationIds: sortedArray(coordinators.map(({ p }) => p.organisationId)) },
    );
  }
  for (const { p, i } of coordinators) {
    if (!p.funded)
      add(
        'E2',
        `partners[${i}].funded`,
        'COORDINATOR_NOT_FUNDED',
        `The coordinator ${p.organisationId} must be a funded partner.`,
        {
          organisationId: p.organisationId,
        },
      );
    if (!participates(p)) {
      add(
        'E2',
        `partners[${i}].regionCode`,
        'COORDINATOR_REGION_NOT_PARTICIPATING',
        `The coordinator ${p.organisationId} is from ${p.regionCode}, which does not fund this call.`,
        { organisationId: p.organisationId, regionCode: p.regionCode },
      );
    }
  }

  // ---- Per partner: E3 (funded, participating region), E4 amounts and duplicates, E5.
  const countByOrganisation = new Map<string, number>();
  for (const p of partners)
    countByOrganisation.set(p.organisationId, (countByOrganisation.get(p.organisationId) ?? 0) + 1);
  const regionTotals = new Map<string, { total: bigint; organisations: string[] }>();

  partners.forEach((p, i) => {
    const at = `partners[${i}]`;
    const times = countByOrganisation.get(p.organisationId) ?? 0;
    if (times > 1) {
      add(
        'E4',
        `${at}.organisationId`,
        'DUPLICATE_PARTNER',
        `The organisation ${p.organisationId} is listed ${times} times; each may join once.`,
        {
          organisationId: p.organisationId,
          actual: times,
        },
      );
    }

    for (const key of ['eligibleCosts', 'requestedGrant'] as const) {
      if (!isMinorAmount(p[key])) {
        add(
          'E4',
          `${at}.${key}`,
          'INVALID_AMOUNT',
          `${p.organisationId}: ${key} must be a whole number of minor units (cents), 0 or more.`,
          {
            organisationId: p.organisationId,
            field: key,
          },
        );
      }
    }
    const valid = amountsValid(p);
    if (valid && p.requestedGrant > p.eligibleCosts) {
      add(
        'E4',
        `${at}.requestedGrant`,
        'GRANT_ABOVE_ELIGIBLE_COSTS',
        `${p.organisationId} requests ${p.requestedGrant}, more than its eligible costs of ${p.eligibleCosts}.`,
        {
          organisationId: p.organisationId,
          amount: p.requestedGrant,
          limit: p.eligibleCosts,
          ...currencyOf(p.regionCode),
        },
      );
    }

    const region = regionOf(p.regionCode);
    if (!p.funded) {
      if (isMinorAmount(p.requestedGrant) && p.requestedGrant > 0) {
        add(
          'E5',
          `${at}.requestedGrant`,
          'SELF_FUNDED_REQUESTS_GRANT',
          `${p.organisationId} is self-funded, so it requests no grant (asked ${p.requestedGrant}).`,
          {
            organisationId: p.organisationId,
            amount: p.requestedGrant,
            ...currencyOf(p.regionCode),
          },
        );
      }
      return;
    }
    if (region === undefined) {
      add(
        'E5',
        `${at}.funded`,
        'NON_PARTICIPATING_REGION_FUNDED',
        `${p.organisationId} is from ${p.regionCode}, which does not fund this call: it may join only as self-funded.`,
        { organisationId: p.organisationId, regionCode: p.regionCode },
      );
      return;
    }

    if (!region.eligibleOrganisationTypes.includes(p.organisationType)) {
      add(
        'E3',
        `${at}.organisationType`,
        'ORGANISATION_TYPE_NOT_ELIGIBLE',
        `${p.regionCode} does not fund ${String(p.organisationType)} organisations (${p.organisationId}` +
          `); it funds ${sortedList(region.eligibleOrganisationTypes) || 'none'}.`,
        {
          regionCode: p.regionCode,
          organisationType: String(p.organisationType),
          organisationId: p.organisationId,
          allowed: sortedArray(region.eligibleOrganisationTypes),
        },
      );
    }
    if (!valid) return;

    const rate = fundingRate(region, p);
    const maxGrant = maxGrantFor(p.eligibleCosts, rate);
    if (p.requestedGrant > maxGrant) {
      add(
        'E3',
        `${at}.requestedGrant`,
        'GRANT_ABOVE_FUNDING_RATE',
        `${p.organisationId} requests ${p.requestedGrant}; ` +
          `at ${p.regionCode}'s rate of ${percent(rate)} for ${String(p.organisationType)} ` +
          `on eligible costs of ${p.eligibleCosts} the maximum is ${maxGrant}.`,
        {
          organisationId: p.organisationId,
          amount: p.requestedGrant,
          regionCode: p.regionCode,
          rateBps: rate,
          organisationType: String(p.organisationType),
          eligibleCosts: p.eligibleCosts,
          limit: maxGrant,
          ...currencyOf(p.regionCode),
        },
      );
    }
    if (region.maxGrantPerPartner !== undefined && p.requestedGrant > region.maxGrantPerPartner) {
      add(
        'E3',
        `${at}.requestedGrant`,
        'GRANT_ABOVE_PARTNER_MAXIMUM',
        `${p.organisationId} requests ${p.requestedGrant}; ` +
          `${p.regionCode} grants at most ${region.maxGrantPerPartner} per partner.`,
        {
          organisationId: p.organisationId,
          amount: p.requestedGrant,
          regionCode: p.regionCode,
          limit: region.maxGrantPerPartner,
          ...currencyOf(p.regionCode),
        },
      );
    }
    const entry = regionTotals.get(p.regionCode) ?? { total: 0n, organisations: [] };
    entry.total += BigInt(p.requestedGrant);
    entry.organisations.push(p.organisationId);
    regionTotals.set(p.regionCode, entry);
  });

  for (const [code, { total, organisations: members }] of regionTotals) {
    const max = regionOf(code)?.maxPerProject;
    if (max !== undefined && total > BigInt(max)) {
      add(
        'E3',
        'partners',
        'REGION_ABOVE_PROJECT_MAXIMUM',
        `The partners from ${code} (${sortedList(members)}) ` +
          `request ${total} together; ${code} grants at most ${max} per project.`,
        // The sum stays a number: it is at most a few safe integers, far below 2^53 in practice.
        {
          regionCode: code,
          organisationIds: sortedArray(members),
          amount: Number(total),
          limit: max,
          ...currencyOf(code),
        },
      );
    }
  }

  // ---- E4 duration, mandatory fields, SME rule.
  const duration = content.durationMonths;
  const durationValid = Number.isSafeInteger(duration) && duration >= 1;
  if (!durationValid || duration < consortium.minDurationMonths || duration > consortium.maxDurationMonths) {
    add(
      'E4',
      'durationMonths',
      'DURATION_OUT_OF_RANGE',
      `The project lasts ${String(duration)} months; the call wants a whole number from ` +
        `${consortium.minDurationMonths} to ${consortium.maxDurationMonths}.`,
      {
        ...(typeof duration === 'number' && Number.isFinite(duration) ? { actual: duration } : {}),
        min: consortium.minDurationMonths,
        max: consortium.maxDurationMonths,
      },
    );
  }

  if (isBlank(content.acronym)) {
    add('E4', 'acronym', 'ACRONYM_REQUIRED', 'The acronym is required.');
  } else if (codePoints(content.acronym.trim()) > ACRONYM_MAX_LENGTH) {
    add(
      'E4',
      'acronym',
      'ACRONYM_TOO_LONG',
      `The acronym has ${codePoints(content.acronym.trim())} characters; at most ${ACRONYM_MAX_LENGTH} are allowed.`,
      {
        actual: codePoints(content.acronym.trim()),
        max: ACRONYM_MAX_LENGTH,
      },
    );
  }
  for (const key of ['title', 'abstract', 'topic'] as const) {
    if (isBlank(content[key])) add('E4', key, 'FIELD_REQUIRED', `The ${key} is required.`, { field: key });
  }

  if (consortium.smeRequired && !partners.some((p) => p.funded && p.organisationType === 'SME' && participates(p))) {
    add(
      'E4',
      'partners',
      'SME_REQUIRED',
      'The call requires at least one funded SME partner from a participating region.',
    );
  }

  // ---- E4 work plan.
  const workPlan = Array.isArray(content.workPlan) ? content.workPlan : [];
  const midTerm: number[] = [];
  workPlan.forEach((m, i) => {
    const at = `workPlan[${i}]`;
    if (isBlank(m.title))
      add('E4', `${at}.title`, 'FIELD_REQUIRED', `Milestone ${i + 1} needs a title.`, {
        field: 'title',
        milestone: i + 1,
      });
    if (!Number.isSafeInteger(m.dueMonth) || m.dueMonth < 1 || (durationValid && m.dueMonth > duration)) {
      add(
        'E4',
        `${at}.dueMonth`,
        'MILESTONE_OUTSIDE_DURATION',
        `Milestone ${i + 1} is due in month ${String(m.dueMonth)}; ` +
          `it must fall in month 1 to ${durationValid ? duration : 'the project duration'}.`,
        {
          milestone: i + 1,
          ...(typeof m.dueMonth === 'number' && Number.isFinite(m.dueMonth) ? { actual: m.dueMonth } : {}),
          min: 1,
          ...(durationValid ? { max: duration } : {}),
        },
      );
    }
    if (!organisations.has(m.responsibleOrganisationId)) {
      add(
        'E4',
        `${at}.responsibleOrganisationId`,
        'MILESTONE_RESPONSIBLE_NOT_PARTNER',
        `Milestone ${i + 1} is assigned to ${String(m.responsibleOrganisationId)}, which is not a partner.`,
        { milestone: i + 1, organisationId: String(m.responsibleOrganisationId) },
      );
    }
    if (m.midTerm) midTerm.push(i + 1);
  });
  if (midTerm.length > 1) {
    add(
      'E4',
      'workPlan',
      'MULTIPLE_MID_TERM_MILESTONES',
      `Milestones ${midTerm.join(', ')} are all marked mid-term; at most one may be.`,
      {
        milestones: midTerm.map(String),
      },
    );
  }

  // ---- E4 KPI targets and transformative activities.
  const kpiCodes = new Set(context.kpiCodes);
  for (const [code, target] of Object.entries(content.kpiTargets ?? {})) {
    if (!kpiCodes.has(code))
      add('E4', `kpiTargets.${code}`, 'UNKNOWN_KPI', `'${code}' is not a KPI of this call's framework.`, {
        kpiCode: code,
      });
    if (typeof target !== 'number' || !Number.isFinite(target) || target < 0) {
      add(
        'E4',
        `kpiTargets.${code}`,
        'INVALID_KPI_TARGET',
        `The target for ${code} must be a finite number, 0 or more.`,
        { kpiCode: code },
      );
    }
  }
  const activities = new Set(context.transformativeActivityCodes);
  (Array.isArray(content.transformativeActivityCodes) ? content.transformativeActivityCodes : []).forEach((code, i) => {
    if (!activities.has(code)) {
      add(
        'E4',
        `transformativeActivityCodes[${i}]`,
        'UNKNOWN_TRANSFORMATIVE_ACTIVITY',
        `'${String(code)}' is not a transformative activity of this call.`,
        {
          activityCode: String(code),
        },
      );
    }
  });

  return violations.sort(compareViolations);
}

/** The region's maximum rate for the partner's type: a missing rate means 0 %; the rate is held to 0–100 %. */
function fundingRate(region: Region, p: ProposalPartner): number {
  const rates: Partial<Record<string, number>> = region.maxFundingRateBps ?? {};
  const rate = Object.hasOwn(rates, p.organisationType) ? rates[p.organisationType] : undefined;
  if (rate === undefined || !Number.isSafeInteger(rate) || rate < 0) return 0;
  return Math.min(rate, FULL_RATE_BPS);
}

function compareViolations(a: Violation, b: Violation): number {
  return (
    compareText(a.rule ?? '', b.rule ?? '') ||
    compareNatural(a.field ?? '', b.field ?? '') ||
    compareText(a.code, b.code) ||
    compareText(a.message, b.message)
  );
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Field paths with their indices compared as numbers: `partners[2]` before `partners[10]`. */
function compareNatural(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let k = 0; k < Math.min(pa.length, pb.length); k++) {
    // split with a capture group alternates text (even k) and digits (odd k).
    const c = k % 2 === 1 ? Number(pa[k]) - Number(pb[k]) || compareText(pa[k], pb[k]) : compareText(pa[k], pb[k]);
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}
