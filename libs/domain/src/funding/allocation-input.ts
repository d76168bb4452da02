import { ALLOCATION_POLICIES } from '../calls/call-configuration';
import type { AllocationPolicy } from '../calls/call-configuration';
import { toEurReference } from '../calls/budget';
import { DomainError } from '../domain-error';
import type { Violation } from '../domain-error';
import type { AllocationInput, PartnerAmount } from './allocation-model';

/**
 * The walk's input, validated once and laid out for speed: regions indexed in code order (so their
 * input order cannot matter), each proposal's request summed per region in compressed rows
 * (`start[i]..start[i+1]` index `region`/`amount`), region indices ascending within a proposal.
 * Internal to the funding folder.
 */
export interface PreparedAllocation {
  policy: AllocationPolicy;
  flexibilityAllowed: boolean;
  referenceRates: Record<string, string>;
  regionCodes: string[];
  currencies: string[];
  commitment: number[];
  flexibility: number[];
  alreadyAllocated: number[];
  regionIndex: Map<string, number>;
  ids: string[];
  proposalIndex: Map<string, number>;
  start: Int32Array;
  region: Int32Array;
  amount: Float64Array;
  /** Per proposal, per row: the partners' parts, sorted by partner id. */
  partners: PartnerAmount[][][];
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const isMoney = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function moneyViolation(field: string, value: unknown): Violation {
  return {
    field,
    code: 'INVALID_AMOUNT',
    message: `Money is a non-negative whole number of minor units; got ${String(value)}.`,
    params: { actual: String(value) },
  };
}

/** Capacity of each region for the walk: commitment + usable flexibility − already allocated. */
export function baseCapacity(p: PreparedAllocation): Float64Array {
  const cap = new Float64Array(p.regionCodes.length);
  for (let r = 0; r < cap.length; r++)
    cap[r] = p.commitment[r] + (p.flexibilityAllowed ? p.flexibility[r] : 0) - p.alreadyAllocated[r];
  return cap;
}

/**
 * Validates an allocation input and prepares it. Throws INVALID_ALLOCATION_INPUT (kind `rule`) with
 * every problem listed: amounts that are not non-negative safe integers, empty or duplicate ids,
 * partners of unknown regions, duplicate regions, an unknown policy, a currency without a valid
 * reference rate, and regions whose commitment, flexibility and requests together leave the safe
 * integer range (so that no sum in the walk can lose precision).
 */
export function prepareAllocation(input: AllocationInput): PreparedAllocation {
  const violations: Violation[] = [];
  if (!ALLOCATION_POLICIES.includes(input.policy)) {
    violations.push({
      field: 'policy',
      code: 'UNKNOWN_ALLOCATION_POLICY',
      message: `The policy is one of ${ALLOCATION_POLICIES.join(', ')}.`,
      params: { allowed: [...ALLOCATION_POLICIES] },
    });
  }
  if (typeof input.flexibilityAllowed !== 'boolean') {
    violations.push({
      field: 'flexibilityAllowed',
      code: 'INVALID_FLAG',
      message: 'flexibilityAllowed is true or false.',
    });
  }
  const referenceRates = input.referenceRates ?? {};

  const regions = (input.regions ?? [])
    .map((r, index) => ({ r, index }))
    .sort((a, b) => compare(String(a.r.regionCode), String(b.r.regionCode)));
  const regionIndex = new Map<string, number>();
  const checkedCurrencies = new Set<string>();
  regions.forEach(({ r, index }) => {
    const at = `regions[${index}]`;
    if (typeof r.regionCode !== 'string' || r.regionCode.length === 0) {
      violations.push({
        field: `${at}.regionCode`,
        code: 'REGION_CODE_REQUIRED',
        message: 'Every region needs a code.',
      });
    } else if (regionIndex.has(r.regionCode)) {
      violations.push({
        field: `${at}.regionCode`,
        code: 'DUPLICATE_REGION',
        message: `The region ${r.regionCode} is listed twice.`,
        params: { regionCode: r.regionCode },
      });
    }
    regionIndex.set(r.regionCode, regionIndex.size);
    if (typeof r.currency !== 'string' || !/^[A-Z]{3}$/.test(r.currency)) {
      violations.push({
        field: `${at}.currency`,
        code: 'INVALID_CURRENCY',
        message: 'The currency is an ISO 4217 code.',
      });
    } else if (!checkedCurrencies.has(r.currency)) {
      checkedCurrencies.add(r.currency);
      try {
        toEurReference(0, r.currency, referenceRates);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        violations.push(
          ...(e.violations.length
            ? e.violations
            : [{ field: `referenceRates.${r.currency}`, code: e.code, message: e.message }]),
        );
      }
    }
    if (!isMoney(r.commitment)) violations.push(moneyViolation(`${at}.commitment`, r.commitment));
    if (!isMoney(r.flexibility)) violations.push(moneyViolation(`${at}.flexibility`, r.flexibility));
    if (r.alreadyAllocated !== undefined && !isMoney(r.alreadyAllocated))
      violations.push(moneyViolation(`${at}.alreadyAllocated`, r.alreadyAllocated));
  });

  const regionCount = regions.length;
  const requestedPerRegion = new Array<number>(regionCount).fill(0);
  const ids: string[] = [];
  const proposalIndex = new Map<string, number>();
  const start = new Int32Array((input.proposals ?? []).length + 1);
  const rowRegion: number[] = [];
  const rowAmount: number[] = [];
  const partners: PartnerAmount[][][] = [];
  const sums = new Float64Array(regionCount);
  const rowsOf = new Array<PartnerAmount[] | undefined>(regionCount);
  const touched: number[] = [];
  const partnerIds = new Set<string>();

  const proposals = input.proposals ?? [];
  for (let i = 0; i < proposals.length; i++) {
    const proposal = proposals[i];
    const id = proposal.proposalId;
    if (typeof id !== 'string' || id.length === 0) {
      violations.push({
        field: `proposals[${i}].proposalId`,
        code: 'PROPOSAL_ID_REQUIRED',
        message: 'Every proposal needs an id.',
      });
    } else if (proposalIndex.has(id)) {
      violations.push({
        field: `proposals[${i}].proposalId`,
        code: 'DUPLICATE_PROPOSAL',
        message: `The proposal ${id} is listed twice.`,
        params: { proposalId: String(id) },
      });
    }
    proposalIndex.set(id, i);
    ids.push(id);
    const list = proposal.partners ?? [];
    if (list.length > 1) partnerIds.clear();
    for (let k = 0; k < list.length; k++) {
      const partner = list[k];
      // Field paths are built only when a violation needs one: this loop runs once per partner.
      if (typeof partner.partnerId !== 'string' || partner.partnerId.length === 0) {
        violations.push({
          field: `proposals[${i}].partners[${k}].partnerId`,
          code: 'PARTNER_ID_REQUIRED',
          message: 'Every partner needs an id.',
        });
      } else if (list.length > 1) {
        if (partnerIds.has(partner.partnerId)) {
          violations.push({
            field: `proposals[${i}].partners[${k}].partnerId`,
            code: 'DUPLICATE_PARTNER',
            message: `The partner ${partner.partnerId} is listed twice in ${String(id)}.`,
            params: { partnerId: partner.partnerId, proposalId: String(id) },
          });
        }
        partnerIds.add(partner.partnerId);
      }
      const r = regionIndex.get(partner.regionCode);
      if (r === undefined) {
        violations.push({
          field: `proposals[${i}].partners[${k}].regionCode`,
          code: 'UNKNOWN_REGION',
          message: `The region ${String(partner.regionCode)} has no budget in this walk.`,
          params: { regionCode: String(partner.regionCode) },
        });
      }
      const grant = partner.requestedGrant;
      if (!isMoney(grant)) {
        violations.push(moneyViolation(`proposals[${i}].partners[${k}].requestedGrant`, grant));
        continue;
      }
      if (r === undefined) continue;
      let row = rowsOf[r];
      if (row === undefined) {
        row = rowsOf[r] = [];
        touched.push(r);
      }
      row.push({ partnerId: partner.partnerId, amount: grant });
      sums[r] += grant;
      requestedPerRegion[r] += grant;
    }
    if (touched.length > 1) touched.sort((a, b) => a - b);
    const rows: PartnerAmount[][] = [];
    for (const r of touched) {
      rowRegion.push(r);
      rowAmount.push(sums[r]);
      const row = rowsOf[r] as PartnerAmount[];
      if (row.length > 1) row.sort((a, b) => compare(a.partnerId, b.partnerId));
      rows.push(row);
      sums[r] = 0;
      rowsOf[r] = undefined;
    }
    touched.length = 0;
    partners.push(rows);
    start[i + 1] = rowRegion.length;
  }

  const commitment: number[] = [];
  const flexibility: number[] = [];
  const alreadyAllocated: number[] = [];
  regions.forEach(({ r }, k) => {
    commitment.push(r.commitment);
    flexibility.push(r.flexibility);
    alreadyAllocated.push(r.alreadyAllocated ?? 0);
    const total = r.commitment + r.flexibility + (r.alreadyAllocated ?? 0) + requestedPerRegion[k];
    if (isMoney(r.commitment) && isMoney(r.flexibility) && !Number.isSafeInteger(total)) {
      violations.push({
        field: `regions[${regions[k].index}]`,
        code: 'AMOUNT_OUT_OF_RANGE',
        message: `The budget and requests of ${r.regionCode} are too large to add up exactly.`,
        params: { regionCode: r.regionCode },
      });
    }
  });

  if (violations.length > 0) {
    throw new DomainError(
      'INVALID_ALLOCATION_INPUT',
      `The allocation input has ${violations.length} problem(s).`,
      'rule',
      violations,
      { count: violations.length },
    );
  }
  return {
    policy: input.policy,
    flexibilityAllowed: input.flexibilityAllowed,
    referenceRates,
    regionCodes: regions.map(({ r }) => r.regionCode),
    currencies: regions.map(({ r }) => r.currency),
    commitment,
    flexibility,
    alreadyAllocated,
    regionIndex,
    ids,
    proposalIndex,
    start,
    region: Int32Array.from(rowRegion),
    amount: Float64Array.from(rowAmount),
    partners,
  };
}
