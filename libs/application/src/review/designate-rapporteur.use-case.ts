import { Injectable, NotFoundException } from '@nestjs/common';
import { webLinks } from '@app/contracts';
import { DomainError } from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  EvaluatorPoolRepository,
  OutboxWriter,
  ProposalEvaluationRepository,
  ProposalRepository,
  ReviewAssignmentRepository,
  UnitOfWork,
  UserRepository,
  type AuditActor,
} from '@app/persistence';
import { EvaluationAccess } from './evaluation-access';
import { assertCallInEvaluation } from './call-in-evaluation';

/**
 * Proposal states in which a rapporteur is designated: while reviews are written and until the consensus
 * is settled.
 */
const RAPPORTEUR_STATES = ['IN_REVIEW', 'REVIEWED', 'BELOW_THRESHOLD', 'RANKED'];

export interface DesignateRapporteurInput {
  proposalId: string;
  stageNo?: number;
  evaluatorId: string;
  actor: AuditActor;
  /** Named in the evaluator's message. */
  actorName: string;
}

export interface RapporteurDesignated {
  proposalId: string;
  stageNo: number;
  rapporteurId: string;
  rapporteurName: string;
  designatedAt: string;
}

/**
 * The programme manager designates the proposal's rapporteur (SPEC §2): one of its evaluators, with an
 * accepted or submitted assignment in the stage and no declared conflict, told by e-mail. Designating
 * the same evaluator again changes nothing.
 */
@Injectable()
export class DesignateRapporteurUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: EvaluationAccess,
    private readonly proposals: ProposalRepository,
    private readonly evaluations: ProposalEvaluationRepository,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly pool: EvaluatorPoolRepository,
    private readonly calls: CallRepository,
    private readonly users: UserRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: DesignateRapporteurInput): Promise<RapporteurDesignated> {
    const { proposalId: id, evaluatorId } = input;
    return this.uow.run(async (tx) => {
      const found = await this.proposals.find(tx, id);
      if (!found || found.state === 'DRAFT') throw new NotFoundException(`Proposal ${id} not found.`);
      const stageNo = this.access.stageOf(found, input.stageNo);
      assertCallInEvaluation(await this.evaluations.callStateShared(tx, found.callId), 'rapporteurs are designated');
      const proposal = (await this.proposals.find(tx, id, 'update'))!;
      if (!RAPPORTEUR_STATES.includes(proposal.state)) {
        throw new DomainError(
          'PROPOSAL_STATE_CONFLICT',
          `The proposal is ${proposal.state}; a rapporteur is designated while it is under review ` +
            `(${RAPPORTEUR_STATES.join(', ')}).`,
          'conflict',
          [],
          { state: proposal.state, allowed: [...RAPPORTEUR_STATES] },
        );
      }
      const assigned = (await this.assignments.ofProposal(tx, id, stageNo)).some(
        (a) => a.evaluatorId === evaluatorId && (a.state === 'ACCEPTED' || a.state === 'REVIEW_SUBMITTED'),
      );
      const conflicted =
        assigned && (await this.pool.conflicts(tx, proposal.callId, evaluatorId)).some((c) => c.proposalId === id);
      if (!assigned || conflicted) {
        throw new DomainError(
          'RAPPORTEUR_NOT_ASSIGNED',
          'The rapporteur is one of the proposal’s evaluators: an accepted or submitted assignment in this stage, ' +
            'without a declared conflict.',
          'rule',
          [
            {
              field: 'evaluatorId',
              code: 'RAPPORTEUR_NOT_ASSIGNED',
              message: conflicted
                ? `evaluator ${evaluatorId} declared a conflict with this proposal`
                : `evaluator ${evaluatorId} holds no accepted or submitted assignment of this proposal ` +
                  `in stage ${stageNo}`,
            },
          ],
        );
      }
      const before = await this.evaluations.find(tx, id, stageNo, true);
      if (before?.rapporteurId !== evaluatorId) {
        await this.evaluations.setRapporteur(tx, id, stageNo, evaluatorId);
        const after = (await this.evaluations.find(tx, id, stageNo))!;
        const evaluator = (await this.users.findById(tx, evaluatorId))!;
        const call = (await this.calls.find(tx, proposal.callId))!;
        const designatedAt = after.rapporteurAt!.toISOString();
        await this.outbox.enqueue(tx, {
          kind: 'RAPPORTEUR_DESIGNATED',
          recipient: { userId: evaluator.id, email: evaluator.email, displayName: evaluator.displayName },
          data: {
            callTitle: call.configuration.title,
            proposalAcronym: proposal.content.acronym,
            inviterName: input.actorName,
            page: webLinks.proposal(id),
          },
          idempotencyKey: `rapporteur-designated:${id}:${stageNo}:${evaluator.id}:${designatedAt}`,
        });
        await this.audit.record(tx, {
          actor: input.actor,
          action: 'proposal.rapporteur-designated',
          entityType: 'proposal',
          entityId: id,
          before: { stageNo, rapporteurId: before?.rapporteurId ?? null },
          after: { stageNo, rapporteurId: evaluatorId },
        });
      }
      const current = (await this.evaluations.find(tx, id, stageNo))!;
      const rapporteur = (await this.users.findById(tx, evaluatorId))!;
      return {
        proposalId: id,
        stageNo,
        rapporteurId: rapporteur.id,
        rapporteurName: rapporteur.displayName,
        designatedAt: current.rapporteurAt!.toISOString(),
      };
    });
  }
}
