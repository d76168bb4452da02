import type { ProblemParams, Violation } from '../domain-error';
import { ORGANISATION_TYPES } from '../identity/roles';
import type { CommitmentTerms } from './call-configuration';

/** Largest money amount in minor units that a JS number holds exactly. */
export const MAX_MINOR_AMOUNT = Number.MAX_SAFE_INTEGER;
export const MAX_FUNDING_RATE_BPS = 10_000;
export const MAX_ANNEX_DUE_DAYS = 90;
export const MAX_REPORT_FIELD_LENGTH = 100;

export interface CommitmentTermsContext {
  /** ISO 4217 code of the agency's region (EUR, or CHF for Swiss regions). */
  regionCurrency: string;
  flexibilityAllowed: boolean;
}

const isMinorAmount = (n: unknown): boolean =>
  Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) <= MAX_MINOR_AMOUNT;
const isKnownType = (t: unknown): boolean => (ORGANISATION_TYPES as readonly unknown[]).includes(t);

/**
 * Validates what an agency commits (SPEC §3 FundCommitment, §5 A1) and returns every broken rule with
 * its field path (`rules.maxFundingRateBps.SME`). Codes: CURRENCY_MISMATCH, INVALID_AMOUNT,
 * FLEXIBILITY_NOT_ALLOWED, ELIGIBLE_TYPES_REQUIRED, UNKNOWN_ORGANISATION_TYPE,
 * DUPLICATE_ORGANISATION_TYPE, RATE_OUT_OF_RANGE, MISSING_FUNDING_RATE, ANNEX_DUE_DAYS_OUT_OF_RANGE,
 * ANNEX_EMPTY, INVALID_REPORT_FIELD, DUPLICATE_REPORT_FIELD.
 */
export function validateCommitmentTerms(terms: CommitmentTerms, context: CommitmentTermsContext): Violation[] {
  const violations: Violation[] = [];
  const add = (field: string, code: string, message: string, rule?: string, params?: ProblemParams): void => {
    violations.push({ field, ...(rule ? { rule } : {}), code, message, ...(params ? { params } : {}) });
  };

  if (terms.currency !== context.regionCurrency) {
    add(
      'currency',
      'CURRENCY_MISMATCH',
      `The region commits in ${context.regionCurrency}, not ${String(terms.currency)}.`,
      'A1',
      {
        currency: context.regionCurrency,
        actual: String(terms.currency),
      },
    );
  }
  if (!isMinorAmount(terms.amount)) {
    add('amount', 'INVALID_AMOUNT', 'The amount must be a whole number of minor units (cents), 0 or more.', undefined, {
      field: 'amount',
    });
  }
  if (!isMinorAmount(terms.flexibility)) {
    add(
      'flexibility',
      'INVALID_AMOUNT',
      'The flexibility must be a whole number of minor units (cents), 0 or more.',
      undefined,
      {
        field: 'flexibility',
      },
    );
  } else if (terms.flexibility > 0 && !context.flexibilityAllowed) {
    add('flexibility', 'FLEXIBILITY_NOT_ALLOWED', 'This call does not allow flexibility: it must be 0.', 'A1');
  }

  const rules = terms.rules;
  const eligible = Array.isArray(rules?.eligibleOrganisationTypes) ? rules.eligibleOrganisationTypes : [];
  if (eligible.length === 0) {
    add(
      'rules.eligibleOrganisationTypes',
      'ELIGIBLE_TYPES_REQUIRED',
      'At least one organisation type must be eligible for funding.',
    );
  }
  const seenTypes = new Set<string>();
  eligible.forEach((type, i) => {
    const field = `rules.eligibleOrganisationTypes[${i}]`;
    if (!isKnownType(type)) {
      add(
        field,
        'UNKNOWN_ORGANISATION_TYPE',
        `'${String(type)}' is not an organisation type (${ORGANISATION_TYPES.join(', ')}).`,
        undefined,
        {
          organisationType: String(type),
          allowed: [...ORGANISATION_TYPES],
        },
      );
    } else if (seenTypes.has(type)) {
      add(field, 'DUPLICATE_ORGANISATION_TYPE', `The organisation type ${type} is listed twice.`, undefined, {
        organisationType: type,
      });
    }
    seenTypes.add(type);
  });

  const rates: Record<string, unknown> = rules?.maxFundingRateBps ?? {};
  for (const [type, bps] of Object.entries(rates)) {
    const field = `rules.maxFundingRateBps.${type}`;
    if (!isKnownType(type)) {
      add(
        field,
        'UNKNOWN_ORGANISATION_TYPE',
        `'${type}' is not an organisation type (${ORGANISATION_TYPES.join(', ')}).`,
        undefined,
        {
          organisationType: type,
          allowed: [...ORGANISATION_TYPES],
        },
      );
    }
    if (!Number.isSafeInteger(bps) || (bps as number) < 0 || (bps as number) > MAX_FUNDING_RATE_BPS) {
      add(
        field,
        'RATE_OUT_OF_RANGE',
        `A funding rate is a whole number of basis points from 0 to ${MAX_FUNDING_RATE_BPS} (100 %).`,
        undefined,
        {
          min: 0,
          max: MAX_FUNDING_RATE_BPS,
        },
      );
    }
  }
  // E3 checks the requested grant against the rate of the partner's type: every eligible type needs one.
  for (const type of seenTypes) {
    if (isKnownType(type) && rates[type] === undefined) {
      add(
        `rules.maxFundingRateBps.${type}`,
        'MISSING_FUNDING_RATE',
        `${type} is eligible, so it needs a maximum funding rate.`,
        undefined,
        {
          organisationType: type,
        },
      );
    }
  }

  for (const key of ['maxGrantPerPartner', 'maxPerProject'] as const) {
    const value = rules?.[key];
    if (value !== undefined && (!isMinorAmount(value) || value === 0)) {
      add(
        `rules.${key}`,
        'INVALID_AMOUNT',
        `${key} must be a positive whole number of minor units (cents), or absent for no limit.`,
        undefined,
        {
          field: key,
        },
      );
    }
  }

  const annex = rules?.regionalAnnex;
  if (annex?.required) {
    if (
      !Number.isSafeInteger(annex.dueDaysAfterDeadline) ||
      annex.dueDaysAfterDeadline < 1 ||
      annex.dueDaysAfterDeadline > MAX_ANNEX_DUE_DAYS
    ) {
      add(
        'rules.regionalAnnex.dueDaysAfterDeadline',
        'ANNEX_DUE_DAYS_OUT_OF_RANGE',
        `The regional annex is due 1 to ${MAX_ANNEX_DUE_DAYS} days after the joint deadline.`,
        undefined,
        { min: 1, max: MAX_ANNEX_DUE_DAYS },
      );
    }
    if ((annex.fields?.length ?? 0) + (annex.documents?.length ?? 0) === 0) {
      add(
        'rules.regionalAnnex',
        'ANNEX_EMPTY',
        'A required regional annex must ask for at least one field or document.',
      );
    }
  }

  const seenFields = new Set<string>();
  (rules?.extraReportFields ?? []).forEach((name, i) => {
    const field = `rules.extraReportFields[${i}]`;
    if (typeof name !== 'string' || name.trim().length === 0 || name.length > MAX_REPORT_FIELD_LENGTH) {
      add(
        field,
        'INVALID_REPORT_FIELD',
        `A report field name needs 1 to ${MAX_REPORT_FIELD_LENGTH} characters.`,
        undefined,
        {
          min: 1,
          max: MAX_REPORT_FIELD_LENGTH,
        },
      );
    } else if (seenFields.has(name)) {
      add(field, 'DUPLICATE_REPORT_FIELD', `The report field '${name}' is listed twice.`, undefined, { name });
    }
    if (typeof name === 'string') seenFields.add(name);
  });

  return violations;
}

export type CommitmentPhase = 'ALIGNMENT' | 'AFTER_ALIGNMENT';

/**
 * SPEC §5 A1: may an agency change its commitment from `current` to `next`? During the alignment any
 * amount ≥ 0 goes. After it, raising is always fine and lowering only while the new total still covers
 * what is already allocated: `next.amount + next.flexibility >= alreadyAllocated` (code BELOW_ALLOCATED).
 * Amounts are minor units; malformed ones give INVALID_AMOUNT. `current` is kept for the message and
 * for future rules (e.g. a phase where only raises are allowed).
 */
export function canChangeCommitmentAmount(
  current: { amount: number; flexibility: number },
  next: { amount: number; flexibility: number },
  alreadyAllocated: number,
  phase: 'ALIGNMENT' | 'AFTER_ALIGNMENT',
  /** The commitment's currency, named beside the amounts in the refusal's params. */
  currency?: string,
): Violation[] {
  const violations: Violation[] = [];
  if (!isMinorAmount(next.amount)) {
    violations.push({
      field: 'amount',
      code: 'INVALID_AMOUNT',
      message: 'The amount must be a whole number of minor units (cents), 0 or more.',
      params: { field: 'amount' },
    });
  }
  if (!isMinorAmount(next.flexibility)) {
    violations.push({
      field: 'flexibility',
      code: 'INVALID_AMOUNT',
      message: 'The flexibility must be a whole number of minor units (cents), 0 or more.',
      params: { field: 'flexibility' },
    });
  }
  if (violations.length > 0 || phase === 'ALIGNMENT') return violations;
  const nextTotal = next.amount + next.flexibility;
  if (nextTotal < alreadyAllocated) {
    violations.push({
      field: 'amount',
      rule: 'A1',
      code: 'BELOW_ALLOCATED',
      message:
        `${alreadyAllocated} is already allocated: amount plus flexibility cannot go below it ` +
        `(now ${current.amount + current.flexibility}, asked ${nextTotal}).`,
      params: {
        limit: alreadyAllocated,
        current: current.amount + current.flexibility,
        amount: nextTotal,
        ...(currency ? { currency } : {}),
      },
    });
  }
  return violations;
}
