import type { AllocationPolicy } from '../calls/call-configuration';

/**
 * The funding decision's vocabulary (SPEC §5 F1–F5). Money is a safe integer number of minor units of
 * the region's currency (cents, Rappen); EUR reference amounts use the call's fixed rates, rounded
 * half-even (`toEurReference`).
 */

/** One funded partner's requested grant, in its region's currency. */
export interface FundingPartnerRequest {
  partnerId: string;
  regionCode: string;
  /** Minor units, ≥ 0. */
  requestedGrant: number;
}

/** A proposal above threshold, as the V8 ranking placed it: only its funded partners count. */
export interface RankedFundingRequest {
  proposalId: string;
  partners: FundingPartnerRequest[];
}

/** One region's budget for the walk, in its own currency (SPEC A1, F2). */
export interface RegionBudget {
  regionCode: string;
  currency: string;
  /** Minor units, ≥ 0. */
  commitment: number;
  /** Minor units, ≥ 0; usable only when the call allows flexibility. */
  flexibility: number;
  /** Proposed plus allocated outside this walk (A1 "already allocated"); default 0. */
  alreadyAllocated?: number;
}

export interface AllocationInput {
  /** The ranked proposals above threshold, in rank order (the walk does not re-rank). */
  proposals: RankedFundingRequest[];
  /** Every region a funded partner belongs to; their order does not matter. */
  regions: RegionBudget[];
  flexibilityAllowed: boolean;
  policy: AllocationPolicy;
  /** EUR per one unit of each non-EUR currency, decimal strings (the call's `referenceRates`). */
  referenceRates: Record<string, string>;
}

export type AllocationStatus = 'SELECTED' | 'RESERVE';

/**
 * Why a proposal is RESERVE: a region cannot cover it at its place in the walk, and/or (binding
 * ranking) it is ranked below a gap.
 */
export type ReserveReason = 'INSUFFICIENT_BUDGET' | 'BELOW_A_GAP';

/** A region that cannot cover a proposal at its place in the walk. */
export interface RegionShortfall {
  regionCode: string;
  currency: string;
  /** What the proposal's partners in this region request. */
  requested: number;
  /**
   * What the region still had: commitment + usable flexibility − allocations. Below 0 only when what
   * was already allocated outside the walk exceeds the budget.
   */
  available: number;
  /** requested − available, > 0: what the commitment must grow by for this region to cover it. */
  shortfall: number;
}

export interface PartnerAmount {
  partnerId: string;
  amount: number;
}

/** A proposal's request in one region: the sum and each funded partner's part (sorted by partner id). */
export interface RegionalAmount {
  regionCode: string;
  currency: string;
  amount: number;
  partners: PartnerAmount[];
}

export interface ProposalAllocation {
  /** 1-based position in the walk (the input order). */
  rank: number;
  proposalId: string;
  status: AllocationStatus;
  /** Empty when SELECTED. */
  reasons: ReserveReason[];
  /** Sorted by region code; empty when SELECTED (and for a BELOW_A_GAP proposal that would fit). */
  shortfalls: RegionShortfall[];
  /** Sorted by region code; reserved together when SELECTED. */
  regions: RegionalAmount[];
  /** The request in EUR: each currency's sum converted once, then added. */
  requestedEur: number;
}

export interface RegionAllocation {
  regionCode: string;
  currency: string;
  commitment: number;
  flexibility: number;
  /** The flexibility the walk could use: `flexibility` when the call allows it, else 0. */
  usableFlexibility: number;
  alreadyAllocated: number;
  /** Reserved by this walk. */
  allocated: number;
  /** alreadyAllocated + allocated. */
  totalAllocated: number;
  /**
   * commitment + usableFlexibility − totalAllocated. Negative only when `alreadyAllocated` alone
   * already exceeded the budget (then no proposal with partners here is selected).
   */
  remaining: number;
  /** How much of the usable flexibility is used: min(usableFlexibility, max(0, totalAllocated − commitment)). */
  flexibilityUsed: number;
  usedFlexibility: boolean;
  /** `allocated` in EUR (converted once). */
  allocatedEur: number;
}

export interface AllocationResult {
  policy: AllocationPolicy;
  flexibilityAllowed: boolean;
  /** In rank order. */
  proposals: ProposalAllocation[];
  /** Sorted by region code. */
  regions: RegionAllocation[];
  /** Every gap, never skipped silently: the proposals RESERVE for INSUFFICIENT_BUDGET, in rank order. */
  gaps: string[];
  /** The first proposal that did not fit, or null. */
  firstGap: string | null;
  /**
   * EUR reference totals: the sums of the proposals' `requestedEur` (so the rows add up) and of the
   * regions' `allocatedEur` (each region converted once — it can differ from `selected` by rounding).
   */
  eurReference: { selected: number; reserve: number; allocatedByRegion: number };
}
