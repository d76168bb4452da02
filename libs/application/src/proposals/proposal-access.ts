import { Injectable, NotFoundException } from '@nestjs/common';
import { agencyIdsOf, hasRole, organisationIdsOf, type Principal } from '@app/common';
import {
  CallRepository,
  EvaluatorPoolRepository,
  ProposalRepository,
  ReviewAssignmentRepository,
  type PartnerRecord,
  type ProposalRecord,
  type Tx,
} from '@app/persistence';

export interface VisibleProposal {
  proposal: ProposalRecord;
  partners: PartnerRecord[];
  /** Regions whose partners' budgets the caller may see in full; `null` = all. */
  budgetRegions: string[] | null;
}

/**
 * The proposal boundary (SPEC §2): applicants see the proposals their organisation is in (as
 * coordinator or invited partner); agency officers the submitted proposals with a partner from the region
 * their agency holds in the proposal's call, with budget details of that region's partners only (another
 * agency of the same region, not in the call, sees nothing); programme managers every
 * submitted one; an evaluator the proposals it accepted to review and has declared no conflict with
 * (SPEC §2: never one it has a conflict with). Anything else is 404.
 */
@Injectable()
export class ProposalAccess {
  constructor(
    private readonly proposals: ProposalRepository,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly pool: EvaluatorPoolRepository,
    private readonly calls: CallRepository,
  ) {}

  /** The regions the caller's agencies hold in `callId` (their commitments): where an officer's view reaches. */
  async officerRegions(manager: Tx, principal: Principal, callId: string): Promise<string[]> {
    const mine = agencyIdsOf(principal);
    if (mine.length === 0) return [];
    const commitments = await this.calls.commitments(manager, callId);
    return commitments.filter((c) => mine.includes(c.agencyId)).map((c) => c.regionCode);
  }

  async visible(
    manager: Tx,
    principal: Principal,
    proposalId: string,
    lock: 'update' | 'none' = 'none',
  ): Promise<VisibleProposal> {
    const proposal = await this.proposals.find(manager, proposalId, lock);
    if (proposal) {
      const partners = await this.proposals.partners(manager, proposalId);
      const mine = organisationIdsOf(principal);
      if (partners.some((p) => mine.includes(p.organisationId))) return { proposal, partners, budgetRegions: null };
      if (proposal.state !== 'DRAFT') {
        if (hasRole(principal, 'PROGRAMME_MANAGER', 'ADMIN')) return { proposal, partners, budgetRegions: null };
        const regions = await this.officerRegions(manager, principal, proposal.callId);
        if (partners.some((p) => regions.includes(p.regionCode))) return { proposal, partners, budgetRegions: regions };
        if (hasRole(principal, 'EVALUATOR') && (await this.evaluatorMayRead(manager, principal.userId, proposal)))
          return { proposal, partners, budgetRegions: null };
      }
    }
    throw new NotFoundException(`Proposal ${proposalId} not found.`);
  }

  /** The caller acts for the coordinator's organisation. */
  async asCoordinator(
    manager: Tx,
    principal: Principal,
    proposalId: string,
    lock: 'update' | 'none' = 'none',
  ): Promise<VisibleProposal> {
    const visible = await this.visible(manager, principal, proposalId, lock);
    if (!organisationIdsOf(principal).includes(visible.proposal.coordinatorOrganisationId)) {
      throw new NotFoundException(`Proposal ${proposalId} not found.`);
    }
    return visible;
  }

  private async evaluatorMayRead(manager: Tx, evaluatorId: string, proposal: ProposalRecord): Promise<boolean> {
    if (!(await this.assignments.evaluatorMayRead(manager, evaluatorId, proposal.id))) return false;
    const conflicts = await this.pool.conflicts(manager, proposal.callId, evaluatorId);
    return !conflicts.some((c) => c.proposalId === proposal.id);
  }
}
