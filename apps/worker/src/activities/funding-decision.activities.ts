import { Injectable } from '@nestjs/common';
import { Activity } from '@app/temporal';
import type {
  AnswerFundingDecisionRequest,
  CloseReserveListRequest,
  FundingDecisionActivities,
  FundingDecisionAnswerResult,
  FundingDecisionSummary,
  ProposeFundingDecisionRequest,
} from '@app/contracts';
import {
  AnswerFundingDecisionUseCase,
  CloseReserveListUseCase,
  EscalateSilentAgenciesUseCase,
  ProposeFundingDecisionUseCase,
} from '@app/application';

/**
 * The funding decision's activities (SPEC F1–F5) for the call workflow: each adapts one use case — the
 * proposal (or a promotion after DECIDED), an agency's answer, the escalation of silence, and the
 * closing of the reserve list.
 */
@Injectable()
export class FundingDecisionActivitiesService implements FundingDecisionActivities {
  constructor(
    private readonly propose: ProposeFundingDecisionUseCase,
    private readonly answer: AnswerFundingDecisionUseCase,
    private readonly escalate: EscalateSilentAgenciesUseCase,
    private readonly closeReserve: CloseReserveListUseCase,
  ) {}

  @Activity()
  proposeFundingDecision(input: {
    callId: string;
    request: ProposeFundingDecisionRequest;
    updateId: string;
    at: string;
  }): Promise<FundingDecisionSummary> {
    return this.propose.execute(input);
  }

  @Activity()
  answerFundingDecision(input: {
    callId: string;
    decisionId: string;
    request: AnswerFundingDecisionRequest;
    updateId: string;
    at: string;
  }): Promise<FundingDecisionAnswerResult> {
    return this.answer.execute(input);
  }

  @Activity()
  escalateSilentAgencies(input: {
    callId: string;
    decisionId: string;
    at: string;
    agencyIds?: string[];
  }): Promise<{ silent: string[] }> {
    return this.escalate.execute(input);
  }

  @Activity()
  closeReserveList(input: {
    callId: string;
    request: CloseReserveListRequest;
    updateId: string;
  }): Promise<{ closed: number }> {
    return this.closeReserve.execute(input);
  }
}
