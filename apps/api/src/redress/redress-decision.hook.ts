import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RedressEffect } from '@app/domain';
import type { CallRecord, RedressRecord } from '@app/persistence';

/**
 * Where redress meets the funding decision (SPEC V9, F5) — a hook for the decision issue, which does not
 * exist yet. Until it does, no decision is ever made: outcomes are recorded only while the call is
 * IN_EVALUATION or RANKED (`REDRESS_OUTCOME_CALL_STATES`), and an upheld request re-opens the proposal
 * directly. The decision issue will:
 * - answer `decisionMade` from its own tables (and add its call states to `REDRESS_OUTCOME_CALL_STATES`);
 * - implement `enterThroughReservePromotion`: when the re-opened proposal, re-evaluated, would now be
 *   selected, it enters the decision through the reserve-promotion path of F5;
 * - change `RedressRepository.resultIssuedAt` to the time the decision's notification was sent.
 */
@Injectable()
export class RedressDecisionHook {
  /** Call states in which a programme manager records an outcome (409 naming the state otherwise). */
  static readonly REDRESS_OUTCOME_CALL_STATES: readonly string[] = ['IN_EVALUATION', 'RANKED'];

  decisionMade(_manager: EntityManager, _call: CallRecord): Promise<boolean> {
    return Promise.resolve(false);
  }

  enterThroughReservePromotion(_manager: EntityManager, _call: CallRecord, request: RedressRecord, _effect: RedressEffect): Promise<void> {
    return Promise.reject(new Error(`Reserve promotion (F5) for redress request ${request.id} belongs to the funding-decision issue.`));
  }
}
