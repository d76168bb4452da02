import { defineUpdate } from '@temporalio/workflow';
import type { ActorRef } from './call-lifecycle.contract';

/**
 * The funding decision (SPEC F1–F4) in the call workflow's FUNDING_DECISION phase: the programme manager
 * proposes (or, after an objection, revises) the decision; each participating agency approves —
 * optionally with conditions — or objects for its region by `decisionDeadline`. Silence at the deadline
 * is reminded and escalated and the decision waits; all approvals make the call DECIDED.
 */
export interface ProposeFundingDecisionRequest {
  actor: ActorRef;
}

export interface FundingDecisionSummary {
  decisionId: string;
  revision: number;
  selected: number;
  reserve: number;
  /** Agencies whose approval is needed (those with funded partners in the call, or all confirmed ones). */
  agencyIds: string[];
}

export interface AnswerFundingDecisionRequest {
  agencyId: string;
  answer: 'APPROVE' | 'OBJECT';
  conditions?: string;
  reason?: string;
  actor: ActorRef;
}

export interface FundingDecisionAnswerResult {
  decisionId: string;
  agencyId: string;
  answer: 'APPROVED' | 'OBJECTED';
  /** DECIDED when this was the last approval; RETURNED after an objection; PROPOSED while others are pending. */
  decisionStatus: 'PROPOSED' | 'RETURNED' | 'DECIDED';
}

/** After DECIDED (F5): the reserve list is closed — RESERVE proposals become NOT_FUNDED. */
export interface CloseReserveListRequest {
  actor: ActorRef;
}

/**
 * `proposeFundingDecision` after DECIDED proposes a **promotion** (F5): the reserve proposals that the
 * budget freed since (a withdrawn grant) now covers, down the ranking; the agencies of the regions
 * concerned approve it like a decision.
 */
export const proposeFundingDecisionUpdate = defineUpdate<FundingDecisionSummary, [ProposeFundingDecisionRequest]>(
  'proposeFundingDecision',
);
export const answerFundingDecisionUpdate = defineUpdate<FundingDecisionAnswerResult, [AnswerFundingDecisionRequest]>(
  'answerFundingDecision',
);
export const closeReserveListUpdate = defineUpdate<{ closed: number }, [CloseReserveListRequest]>('closeReserveList');

export interface FundingDecisionActivities {
  proposeFundingDecision(input: {
    callId: string;
    request: ProposeFundingDecisionRequest;
    updateId: string;
    at: string;
  }): Promise<FundingDecisionSummary>;
  answerFundingDecision(input: {
    callId: string;
    decisionId: string;
    request: AnswerFundingDecisionRequest;
    updateId: string;
    at: string;
  }): Promise<FundingDecisionAnswerResult>;
  /**
   * At the decision deadline (or a promotion's escalation instant): reminds the silent agencies and escalates to
   * the programme managers. `agencyIds` narrows it to the agencies asked (a promotion's); every participating
   * agency otherwise.
   */
  escalateSilentAgencies(input: {
    callId: string;
    decisionId: string;
    at: string;
    agencyIds?: string[];
  }): Promise<{ silent: string[] }>;
  closeReserveList(input: {
    callId: string;
    request: CloseReserveListRequest;
    updateId: string;
  }): Promise<{ closed: number }>;
}
