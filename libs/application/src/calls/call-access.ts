import { Injectable, NotFoundException } from '@nestjs/common';
import { agencyIdsOf, hasRole, type Principal } from '@app/common';
import { CallRepository, type CallRecord, type CommitmentRecord, type Tx } from '@app/persistence';

/** States in which a call is public to applicants and evaluators (drafts and alignments are internal). */
export const PUBLIC_CALL_STATES = [
  'OPEN',
  'SUBMISSION_CLOSED',
  'ELIGIBILITY_CHECK',
  'IN_EVALUATION',
  'RANKED',
  'FUNDING_DECISION',
  'DECIDED',
  'MONITORING',
  'CLOSED',
];

/**
 * Who sees which call (SPEC §2): programme managers and admins every call; agency officers the calls
 * their agency is invited to and every public one; applicants and evaluators public calls only.
 * Anything else is 404.
 */
@Injectable()
export class CallAccess {
  constructor(private readonly calls: CallRepository) {}

  seesEverything(principal: Principal): boolean {
    return hasRole(principal, 'PROGRAMME_MANAGER', 'ADMIN');
  }

  async visible(
    manager: Tx,
    principal: Principal,
    callId: string,
  ): Promise<{ call: CallRecord; commitments: CommitmentRecord[] }> {
    const call = await this.calls.find(manager, callId);
    if (!call) throw new NotFoundException(`Call ${callId} not found.`);
    const commitments = await this.calls.commitments(manager, callId);
    if (this.seesEverything(principal) || PUBLIC_CALL_STATES.includes(call.state)) return { call, commitments };
    const mine = agencyIdsOf(principal);
    if (commitments.some((c) => mine.includes(c.agencyId))) return { call, commitments };
    throw new NotFoundException(`Call ${callId} not found.`);
  }

  /** The caller acts for `agencyId` in this call: an officer of that agency, which is invited. */
  async actingForAgency(
    manager: Tx,
    principal: Principal,
    callId: string,
    agencyId: string,
  ): Promise<{ call: CallRecord; commitment: CommitmentRecord }> {
    const call = await this.calls.find(manager, callId);
    const commitment = call ? await this.calls.commitment(manager, callId, agencyId) : null;
    if (!call || !commitment || !agencyIdsOf(principal).includes(agencyId)) {
      throw new NotFoundException(`No commitment of agency ${agencyId} in call ${callId} for you.`);
    }
    return { call, commitment };
  }

  /**
   * Budget readers: programme managers and admins with every commitment; officers of an invited agency
   * with their own agency's commitments only — the rule the dashboard's budget table follows too
   * (SPEC §2: an officer sees partner budgets and regional details of its own region only).
   */
  async budgetReader(
    manager: Tx,
    principal: Principal,
    callId: string,
  ): Promise<{ call: CallRecord; commitments: CommitmentRecord[] }> {
    const { call, commitments } = await this.visible(manager, principal, callId);
    if (this.seesEverything(principal)) return { call, commitments };
    const mine = agencyIdsOf(principal);
    const own = commitments.filter((c) => mine.includes(c.agencyId));
    if (own.length > 0) return { call, commitments: own };
    throw new NotFoundException(`Call ${callId} not found.`);
  }
}
