import { DomainError } from '../domain-error';
import type { Violation } from '../domain-error';
import type { ProposalMilestone } from '../proposals/proposal-model';

/**
 * SPEC F4: a grant's instalment schedule. Shares are integer basis points summing to 10 000; each
 * instalment is the grant × share rounded down to the minor unit, and the remainder goes to the last
 * one (SPEC §3), so the instalments always add up to the grant exactly.
 */
export type InstalmentTrigger =
  | { kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' }
  | { kind: 'MILESTONE'; /** Index in the work plan. */ milestoneIndex: number; title: string; dueMonth: number }
  | { kind: 'FINAL_REPORT' };

export interface InstalmentShare {
  trigger: InstalmentTrigger;
  /** Basis points of the grant, integer 0–10 000; the shares of a plan sum to 10 000. */
  shareBps: number;
}

export interface Instalment extends InstalmentShare {
  /** 1-based. */
  sequence: number;
  /** Minor units of the grant's currency. */
  amount: number;
}

export const DEFAULT_INSTALMENT_SHARES_BPS = { advance: 3_000, midTerm: 4_000, final: 3_000 } as const;

type Milestone = Pick<ProposalMilestone, 'title' | 'dueMonth' | 'midTerm'>;

/**
 * The mid-term milestone: the one the work plan marks, else the one whose due month is nearest half
 * the duration (ties: the earlier due month, then the earlier in the work plan). Returns its index, or
 * -1 for an empty work plan.
 */
export function midTermMilestoneIndex(workPlan: readonly Milestone[], durationMonths: number): number {
  const marked = workPlan.findIndex((m) => m.midTerm === true);
  if (marked >= 0) return marked;
  let best = -1;
  for (let i = 0; i < workPlan.length; i++) {
    if (best < 0) {
      best = i;
      continue;
    }
    // Compare |2·due − duration| to stay in integers when the duration is odd.
    const d = Math.abs(2 * workPlan[i].dueMonth - durationMonths);
    const b = Math.abs(2 * workPlan[best].dueMonth - durationMonths);
    if (d < b || (d === b && workPlan[i].dueMonth < workPlan[best].dueMonth)) best = i;
  }
  return best;
}

/**
 * The default plan: 30 % once the consortium agreement is accepted, 40 % on the mid-term milestone,
 * 30 % on the final report. Throws NO_MID_TERM_MILESTONE (rule) for an empty work plan — a schedule
 * is not silently changed; give an explicit plan instead.
 */
export function defaultInstalmentPlan(workPlan: readonly Milestone[], durationMonths: number): InstalmentShare[] {
  const m = midTermMilestoneIndex(workPlan, durationMonths);
  if (m < 0) {
    throw new DomainError(
      'NO_MID_TERM_MILESTONE',
      'The work plan has no milestone for the mid-term instalment; give an explicit instalment plan.',
      'rule',
      [
        {
          field: 'workPlan',
          code: 'NO_MID_TERM_MILESTONE',
          message: 'The default schedule pays 40 % on the mid-term milestone.',
        },
      ],
    );
  }
  return [
    { trigger: { kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' }, shareBps: DEFAULT_INSTALMENT_SHARES_BPS.advance },
    {
      trigger: { kind: 'MILESTONE', milestoneIndex: m, title: workPlan[m].title, dueMonth: workPlan[m].dueMonth },
      shareBps: DEFAULT_INSTALMENT_SHARES_BPS.midTerm,
    },
    { trigger: { kind: 'FINAL_REPORT' }, shareBps: DEFAULT_INSTALMENT_SHARES_BPS.final },
  ];
}

/**
 * Splits `grant` (minor units) by the plan: each instalment but the last is ⌊grant × bps / 10 000⌋,
 * the last takes the remainder. Throws INVALID_INSTALMENT_PLAN (every problem listed) for a grant that
 * is not a non-negative safe integer, an empty plan, shares that are not integers in 0–10 000 or do
 * not sum to 10 000.
 */
export function splitGrant(grant: number, plan: readonly InstalmentShare[]): Instalment[] {
  const violations: Violation[] = [];
  if (!Number.isSafeInteger(grant) || grant < 0)
    violations.push({
      field: 'grant',
      code: 'INVALID_AMOUNT',
      message: `Money is a non-negative whole number of minor units; got ${String(grant)}.`,
      params: { actual: String(grant) },
    });
  if (plan.length === 0)
    violations.push({ field: 'plan', code: 'EMPTY_INSTALMENT_PLAN', message: 'A plan has at least one instalment.' });
  let sum = 0;
  plan.forEach((s, i) => {
    if (!Number.isInteger(s.shareBps) || s.shareBps < 0 || s.shareBps > 10_000) {
      violations.push({
        field: `plan[${i}].shareBps`,
        code: 'INVALID_BASIS_POINTS',
        message: 'A share is an integer number of basis points, 0–10 000.',
      });
    } else sum += s.shareBps;
  });
  if (violations.length === 0 && sum !== 10_000)
    violations.push({
      field: 'plan',
      code: 'SHARES_NOT_10000_BPS',
      message: `The shares sum to ${sum} basis points, not 10 000.`,
      params: { actual: sum },
    });
  if (violations.length)
    throw new DomainError(
      'INVALID_INSTALMENT_PLAN',
      `The instalment plan has ${violations.length} problem(s).`,
      'rule',
      violations,
      { count: violations.length },
    );

  let paid = 0n;
  const total = BigInt(grant);
  return plan.map((s, i) => {
    const amount = i === plan.length - 1 ? total - paid : (total * BigInt(s.shareBps)) / 10_000n;
    paid += amount;
    return { sequence: i + 1, trigger: s.trigger, shareBps: s.shareBps, amount: Number(amount) };
  });
}

/** F4: a grant's schedule — the default plan for the work plan unless one is given. */
export function instalmentSchedule(
  grant: number,
  workPlan: readonly Milestone[],
  durationMonths: number,
  plan?: readonly InstalmentShare[],
): Instalment[] {
  return splitGrant(grant, plan ?? defaultInstalmentPlan(workPlan, durationMonths));
}
