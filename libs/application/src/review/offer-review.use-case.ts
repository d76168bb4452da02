import { Injectable } from '@nestjs/common';
import { webLinks } from '@app/contracts';
import { callSettingsOf, offerExpiry, toZonedIso, type CallConfiguration } from '@app/domain';
import {
  AuditWriter,
  OutboxWriter,
  recipientOf,
  ReviewAssignmentRepository,
  type AssignmentRecord,
  type Tx,
} from '@app/persistence';

export interface OfferReviewInput {
  callId: string;
  config: CallConfiguration;
  stageNo: number;
  proposal: { id: string; acronym: string };
  pair: { evaluatorId: string; affinity: number; reason: string };
  origin: AssignmentRecord['origin'];
  /** The auto-assignment job that offers it (its evaluators get one message per run, not one per offer). */
  jobId: string | null;
  offeredAt: Date;
}

/**
 * One offer of a proposal to an evaluator (SPEC V4–V5), inside the caller's unit of work: the offer with
 * its expiry and review deadline, its audit event and, outside a job, the evaluator's message. Returns
 * the assignment's id, or null when the pair was already offered in the stage.
 */
@Injectable()
export class OfferReviewUseCase {
  constructor(
    private readonly assignments: ReviewAssignmentRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(tx: Tx, input: OfferReviewInput): Promise<string | null> {
    const { config, stageNo, proposal, pair, origin, jobId } = input;
    const offerExpiresAt = offerExpiry(input.offeredAt, callSettingsOf(config).offerValidityDays);
    const reviewDueAt = new Date(config.timeline.stages[stageNo - 1].reviewDeadline);
    const id = await this.assignments.insertOffer(tx, {
      callId: input.callId,
      proposalId: proposal.id,
      stageNo,
      evaluatorId: pair.evaluatorId,
      origin,
      affinity: pair.affinity,
      reason: pair.reason,
      jobId,
      offeredAt: input.offeredAt,
      offerExpiresAt,
      reviewDueAt,
    });
    if (id === null) return null;
    await this.audit.record(tx, {
      actor: null,
      action: 'assignment.offered',
      entityType: 'assignment',
      entityId: id,
      after: {
        proposalId: proposal.id,
        evaluatorId: pair.evaluatorId,
        stageNo,
        origin,
        affinity: pair.affinity,
        jobId,
      },
      businessKey: `assignment-offered:${id}`,
    });
    if (jobId === null) {
      const evaluator = await recipientOf(tx, pair.evaluatorId);
      await this.outbox.enqueue(tx, {
        kind: 'REVIEW_OFFER',
        recipient: evaluator,
        data: {
          callTitle: config.title,
          proposalAcronym: proposal.acronym,
          count: 1,
          deadline: toZonedIso(offerExpiresAt.toISOString(), config.timeZone),
          page: webLinks.assignment(id),
        },
        idempotencyKey: `review-offer:${id}`,
      });
    }
    return id;
  }
}
