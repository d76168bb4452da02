import { DomainError } from '../domain-error';
import type { Violation } from '../domain-error';

/**
 * SPEC M6: an amendment request — milestone date changes, budget shifts between one region's
 * partners, partner changes — validated before the affected agencies are asked to approve it.
 *
 * Decisions:
 * - Milestone changes: the milestone exists and is not ACCEPTED (an accepted milestone's date is
 *   history); the new due month is a whole number ≥ 1 and within the duration — the amended duration
 *   when the same request extends it. A duration change keeps every (new) due month within it and
 *   never goes below 1.
 * - Budget shifts move an amount of one region's money from one partner to another partner of the
 *   SAME region, in that region's currency; shifts apply in order and afterwards no partner's grant
 *   is negative or below what was already released to it. A region's total is unchanged by
 *   construction; `applyBudgetShifts` returns the new grants.
 * - Partner changes: an added partner is new, in a region the project knows, with a whole grant ≥ 0
 *   in that region's currency (shifts may then move money to it); a removed partner must have had
 *   nothing released (its released money is 0) and is not the coordinator. Its remaining grant is
 *   freed — shift it to a colleague in the same request to keep it in the project.
 * Every problem is listed with its field path (INVALID_AMENDMENT, rule).
 */

export interface AmendablePartner {
  organisationId: string;
  regionCode: string;
  role?: 'COORDINATOR' | 'PARTNER';
  /** Minor units of the region's currency. */
  grant: number;
  /** Minor units already released to the partner's agency for it. */
  released: number;
}

export interface AmendableProject {
  durationMonths: number;
  milestones: ReadonlyArray<{ index: number; dueMonth: number; state?: string }>;
  partners: readonly AmendablePartner[];
  /** Region code → ISO currency. */
  regionCurrencies: Record<string, string>;
}

export interface BudgetShift {
  regionCode: string;
  currency: string;
  fromOrganisationId: string;
  toOrganisationId: string;
  /** Minor units, > 0. */
  amount: number;
}

export interface AmendmentRequest {
  durationMonths?: number;
  milestoneChanges?: ReadonlyArray<{ milestoneIndex: number; newDueMonth: number }>;
  budgetShifts?: readonly BudgetShift[];
  addPartners?: ReadonlyArray<{ organisationId: string; regionCode: string; currency: string; grant: number }>;
  removePartners?: readonly string[];
}

const isWhole = (n: unknown, min: number): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= min;

/** Every problem with the request (empty when it can go to the agencies). */
export function validateAmendment(project: AmendableProject, request: AmendmentRequest): Violation[] {
  const v: Violation[] = [];
  const duration = request.durationMonths ?? project.durationMonths;
  if (request.durationMonths !== undefined && !isWhole(request.durationMonths, 1)) {
    v.push({
      field: 'durationMonths',
      code: 'INVALID_DURATION',
      message: 'A whole number of months ≥ 1.',
      params: { min: 1 },
    });
  }

  // Milestones.
  const changes = request.milestoneChanges ?? [];
  const newDue = new Map(project.milestones.map((m) => [m.index, m.dueMonth]));
  const seen = new Set<number>();
  changes.forEach((c, i) => {
    const field = `milestoneChanges[${i}]`;
    const m = project.milestones.find((x) => x.index === c.milestoneIndex);
    if (!m) {
      v.push({
        field: `${field}.milestoneIndex`,
        code: 'UNKNOWN_MILESTONE',
        message: `The project has no milestone ${String(c.milestoneIndex)}.`,
        params: { milestone: String(c.milestoneIndex) },
      });
      return;
    }
    if (seen.has(c.milestoneIndex))
      v.push({
        field: `${field}.milestoneIndex`,
        code: 'DUPLICATE_MILESTONE_CHANGE',
        message: 'One change per milestone.',
      });
    seen.add(c.milestoneIndex);
    if (m.state === 'ACCEPTED')
      v.push({
        field: `${field}.milestoneIndex`,
        code: 'MILESTONE_ALREADY_ACCEPTED',
        message: 'An accepted milestone keeps its date.',
      });
    if (!isWhole(c.newDueMonth, 1)) {
      v.push({
        field: `${field}.newDueMonth`,
        code: 'INVALID_DUE_MONTH',
        message: 'A whole number of months ≥ 1.',
        params: { min: 1 },
      });
      return;
    }
    newDue.set(c.milestoneIndex, c.newDueMonth);
    if (isWhole(duration, 1) && c.newDueMonth > duration) {
      v.push({
        field: `${field}.newDueMonth`,
        code: 'DUE_MONTH_AFTER_PROJECT_END',
        message:
          `Month ${c.newDueMonth} is after the project's ${duration} months; ` +
          'extend the duration in the same request.',
        params: { actual: c.newDueMonth, max: duration },
      });
    }
  });
  if (request.durationMonths !== undefined && isWhole(request.durationMonths, 1)) {
    for (const m of project.milestones) {
      if (seen.has(m.index)) continue;
      const due = newDue.get(m.index) ?? m.dueMonth;
      if (due > request.durationMonths) {
        v.push({
          field: 'durationMonths',
          code: 'MILESTONE_AFTER_PROJECT_END',
          message: `Milestone ${m.index} (month ${due}) would fall after the new end; move it too.`,
          params: { milestone: m.index, actual: due },
        });
      }
    }
  }

  // Partners.
  const partners = new Map(project.partners.map((p) => [p.organisationId, { ...p }]));
  (request.addPartners ?? []).forEach((a, i) => {
    const field = `addPartners[${i}]`;
    if (partners.has(a.organisationId))
      v.push({
        field: `${field}.organisationId`,
        code: 'PARTNER_ALREADY_IN_PROJECT',
        message: `${a.organisationId} is already a partner.`,
        params: { organisationId: a.organisationId },
      });
    const currency = project.regionCurrencies[a.regionCode];
    if (currency === undefined)
      v.push({
        field: `${field}.regionCode`,
        code: 'UNKNOWN_REGION',
        message: `${a.regionCode} is not a region of this project.`,
        params: { regionCode: a.regionCode },
      });
    else if (a.currency !== currency)
      v.push({
        field: `${field}.currency`,
        code: 'WRONG_CURRENCY',
        message: `${a.regionCode} pays in ${currency}.`,
        params: { regionCode: a.regionCode, currency },
      });
    if (!isWhole(a.grant, 0))
      v.push({
        field: `${field}.grant`,
        code: 'INVALID_AMOUNT',
        message: 'A whole number of minor units ≥ 0.',
        params: { min: 0 },
      });
    if (!partners.has(a.organisationId))
      partners.set(a.organisationId, {
        organisationId: a.organisationId,
        regionCode: a.regionCode,
        role: 'PARTNER',
        grant: isWhole(a.grant, 0) ? a.grant : 0,
        released: 0,
      });
  });

  // Budget shifts, applied in order.
  (request.budgetShifts ?? []).forEach((s, i) => {
    const field = `budgetShifts[${i}]`;
    const currency = project.regionCurrencies[s.regionCode];
    const before = v.length;
    if (currency === undefined)
      v.push({
        field: `${field}.regionCode`,
        code: 'UNKNOWN_REGION',
        message: `${s.regionCode} is not a region of this project.`,
        params: { regionCode: s.regionCode },
      });
    else if (s.currency !== currency)
      v.push({
        field: `${field}.currency`,
        code: 'WRONG_CURRENCY',
        message: `${s.regionCode} pays in ${currency}.`,
        params: { regionCode: s.regionCode, currency },
      });
    if (!isWhole(s.amount, 1))
      v.push({ field: `${field}.amount`, code: 'INVALID_AMOUNT', message: 'A whole number of minor units > 0.' });
    if (s.fromOrganisationId === s.toOrganisationId)
      v.push({
        field: `${field}.toOrganisationId`,
        code: 'SHIFT_TO_SAME_PARTNER',
        message: 'A shift moves money between two partners.',
      });
    for (const [end, id] of [
      ['fromOrganisationId', s.fromOrganisationId],
      ['toOrganisationId', s.toOrganisationId],
    ] as const) {
      const p = partners.get(id);
      if (!p)
        v.push({
          field: `${field}.${end}`,
          code: 'UNKNOWN_PARTNER',
          message: `${id} is not a partner of the project.`,
          params: { organisationId: id },
        });
      else if (p.regionCode !== s.regionCode) {
        v.push({
          field: `${field}.${end}`,
          code: 'PARTNER_OUTSIDE_REGION',
          message: `${id} is funded by ${p.regionCode}, not ${s.regionCode}: budget moves only within one region.`,
          params: { organisationId: id, regionCode: p.regionCode, expected: s.regionCode },
        });
      }
    }
    if (v.length > before) return;
    const from = partners.get(s.fromOrganisationId) as AmendablePartner;
    const to = partners.get(s.toOrganisationId) as AmendablePartner;
    from.grant -= s.amount;
    to.grant += s.amount;
    const money: { currency?: string } = currency === undefined ? {} : { currency };
    if (from.grant < 0) {
      v.push({
        field: `${field}.amount`,
        code: 'NEGATIVE_GRANT',
        message: `${from.organisationId} would be left with ${from.grant}.`,
        params: { organisationId: from.organisationId, amount: from.grant, ...money },
      });
    } else if (from.grant < from.released) {
      v.push({
        field: `${field}.amount`,
        code: 'GRANT_BELOW_RELEASED',
        message: `${from.organisationId} has ${from.released} released already; its grant cannot go below that.`,
        params: { organisationId: from.organisationId, limit: from.released, ...money },
      });
    }
  });

  // Removals.
  (request.removePartners ?? []).forEach((id, i) => {
    const field = `removePartners[${i}]`;
    const p = project.partners.find((x) => x.organisationId === id);
    if (!p) {
      v.push({
        field,
        code: 'UNKNOWN_PARTNER',
        message: `${id} is not a partner of the project.`,
        params: { organisationId: id },
      });
      return;
    }
    if (p.role === 'COORDINATOR')
      v.push({
        field,
        code: 'CANNOT_REMOVE_COORDINATOR',
        message: 'The coordinator cannot be removed; change the coordinator first.',
      });
    if (p.released !== 0) {
      const currency = project.regionCurrencies[p.regionCode];
      v.push({
        field,
        code: 'PARTNER_HAS_RELEASED_MONEY',
        message: `${id} has ${p.released} released already; a removed partner must have none.`,
        params: {
          organisationId: id,
          amount: p.released,
          ...(currency === undefined ? {} : { currency: String(currency) }),
        },
      });
    }
  });
  return v;
}

/** Throws INVALID_AMENDMENT (rule) listing every problem. */
export function assertValidAmendment(project: AmendableProject, request: AmendmentRequest): void {
  const v = validateAmendment(project, request);
  if (v.length)
    throw new DomainError('INVALID_AMENDMENT', `The amendment has ${v.length} problem(s).`, 'rule', v, {
      count: v.length,
    });
}

/** The grants after the (valid) shifts: organisation id → minor units, sorted by id. */
export function applyBudgetShifts(
  partners: readonly AmendablePartner[],
  shifts: readonly BudgetShift[],
): Array<{ organisationId: string; regionCode: string; grant: number }> {
  const grants = new Map(
    partners.map((p) => [
      p.organisationId,
      { organisationId: p.organisationId, regionCode: p.regionCode, grant: p.grant },
    ]),
  );
  for (const s of shifts) {
    const from = grants.get(s.fromOrganisationId);
    const to = grants.get(s.toOrganisationId);
    if (!from || !to) throw new DomainError('UNKNOWN_PARTNER', 'Validate the amendment before applying it.', 'rule');
    from.grant -= s.amount;
    to.grant += s.amount;
  }
  return [...grants.values()].sort((a, b) =>
    a.organisationId < b.organisationId ? -1 : a.organisationId > b.organisationId ? 1 : 0,
  );
}

export interface ResplittableInstalment {
  id: string;
  state: 'SCHEDULED' | 'RELEASED' | 'PAID';
  shareBps: number;
  /** Minor units. */
  amount: number;
}

/**
 * A grant changed by an amendment (M6): the money already RELEASED or PAID stays as it is; the rest of the
 * new grant is spread over the SCHEDULED instalments in proportion to their shares, rounded down, the
 * remainder on the last one (SPEC §3), so the instalments add up to the new grant exactly. Returns the new
 * amount per SCHEDULED instalment id. Refuses GRANT_BELOW_RELEASED when the new grant is below what moved,
 * NO_SCHEDULED_INSTALMENT when money remains and no instalment is left to carry it (both rule).
 */
export function resplitInstalments(
  newGrant: number,
  instalments: readonly ResplittableInstalment[],
): Map<string, number> {
  const moved = instalments.filter((x) => x.state !== 'SCHEDULED').reduce((s, x) => s + x.amount, 0);
  const scheduled = instalments.filter((x) => x.state === 'SCHEDULED');
  const remaining = newGrant - moved;
  if (!Number.isSafeInteger(newGrant) || remaining < 0) {
    throw new DomainError(
      'GRANT_BELOW_RELEASED',
      `The grant would be ${newGrant}, below the ${moved} already released.`,
      'rule',
      [{ field: 'grant', code: 'GRANT_BELOW_RELEASED', message: `at least ${moved}`, params: { limit: moved } }],
      { amount: newGrant, limit: moved },
    );
  }
  if (scheduled.length === 0) {
    if (remaining > 0) {
      throw new DomainError(
        'NO_SCHEDULED_INSTALMENT',
        `${remaining} would remain with no instalment left to pay it.`,
        'rule',
        [{ field: 'grant', code: 'NO_SCHEDULED_INSTALMENT', message: 'every instalment is already released' }],
        { amount: remaining },
      );
    }
    return new Map();
  }
  const shares = scheduled.reduce((s, x) => s + x.shareBps, 0);
  const out = new Map<string, number>();
  let given = 0;
  scheduled.forEach((x, i) => {
    const amount =
      i === scheduled.length - 1
        ? remaining - given
        : shares > 0
          ? Number((BigInt(remaining) * BigInt(x.shareBps)) / BigInt(shares))
          : 0;
    out.set(x.id, amount);
    given += amount;
  });
  return out;
}

/**
 * Who approves an amendment (M6: "the affected agencies"): a change of dates or duration affects every
 * agency funding the project; a budget shift or a partner change affects the agency of its region. Sorted.
 */
export function amendmentApprovers(
  request: AmendmentRequest,
  regionAgencies: Readonly<Record<string, string>>,
  partnerRegions: Readonly<Record<string, string>> = {},
): string[] {
  const agencies = new Set<string>();
  if (request.durationMonths !== undefined || (request.milestoneChanges ?? []).length > 0)
    Object.values(regionAgencies).forEach((a) => agencies.add(a));
  const regions = [
    ...(request.budgetShifts ?? []).map((s) => s.regionCode),
    ...(request.addPartners ?? []).map((p) => p.regionCode),
    ...(request.removePartners ?? []).map((id) => partnerRegions[id]),
  ];
  for (const region of regions)
    if (region !== undefined && regionAgencies[region] !== undefined) agencies.add(regionAgencies[region]);
  return [...agencies].sort();
}
