import { Body, Controller, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { webLinks, PROPOSAL_REVIEW_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import { auditRoleOf, Clock, CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import {
  addedEvaluatorViolations,
  affinity,
  DomainError,
  offerExpiry,
  pairReason,
  sharedTerms,
  toZonedIso,
  type Violation,
} from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  EvaluatorPoolRepository,
  LIVE_ASSIGNMENT_STATES,
  OutboxWriter,
  ReviewAssignmentRepository,
  UserRepository,
  WorkflowSignalOutboxRepository,
} from '@app/persistence';
import { ManualAssignmentDto, ManualAssignmentView } from './assignment.dto';
import { assignmentView } from './assignment-view';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

/**
 * The programme manager's override of a pair (SPEC V4): a chosen evaluator for a proposal, optionally in
 * place of an open assignment, which is withdrawn. V2 (hard conflicts) and V3 (load) still hold, and a
 * pair is never offered twice in a stage; the answer reports the affinity given up. The proposal's
 * review workflow learns of it through the workflow outbox and runs the new offer's timers.
 */
@ApiTags('assignments')
@ApiBearerAuth()
@Controller('calls/:id/assignments')
export class ManualAssignmentController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calls: CallRepository,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly pool: EvaluatorPoolRepository,
    private readonly users: UserRepository,
    private readonly signals: WorkflowSignalOutboxRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  @Roles('PROGRAMME_MANAGER')
  @Post()
  @ApiOperation({
    summary:
      'Assign an evaluator by hand, optionally replacing an open assignment (V2 and V3 still hold; reports the affinity lost)',
  })
  @ApiCreatedResponse({ type: ManualAssignmentView })
  @ApiErrorCodes(
    'NOT_FOUND',
    'CALL_STATE_CONFLICT',
    'PROPOSAL_STATE_CONFLICT',
    'OVERRIDE_REFUSED',
    'OVERRIDE_UNKNOWN_ID',
  )
  async assign(
    @Param('id', uuidParam('id')) callId: string,
    @Body() body: ManualAssignmentDto,
    @CurrentUser() user: Principal,
  ): Promise<ManualAssignmentView> {
    const actor = { userId: user.userId, role: auditRoleOf(user) };
    return this.dataSource.transaction(async (manager) => {
      const call = await this.calls.find(manager, callId);
      if (!call) throw new NotFoundException(`Call ${callId} not found.`);
      // After DECIDED: the re-evaluation of a proposal re-opened by an upheld redress (it enters through F5).
      if (call.state !== 'IN_EVALUATION' && call.state !== 'DECIDED')
        throw new DomainError(
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; assignments change during IN_EVALUATION.`,
          'conflict',
          [],
          { state: call.state, allowed: ['IN_EVALUATION', 'DECIDED'] },
        );
      await this.assignments.lockCallAssignments(manager, callId);
      const [proposal] = await this.assignments.assignmentProposals(manager, callId, call.currentStage, [
        body.proposalId,
      ]);
      if (!proposal)
        throw new NotFoundException(`Proposal ${body.proposalId} not found in this call's stage ${call.currentStage}.`);
      if (proposal.state !== 'ELIGIBLE' && proposal.state !== 'IN_REVIEW') {
        throw new DomainError(
          'PROPOSAL_STATE_CONFLICT',
          `The proposal is ${proposal.state}; evaluators are assigned while it is ELIGIBLE or IN_REVIEW.`,
          'conflict',
          [],
          { state: proposal.state, allowed: ['ELIGIBLE', 'IN_REVIEW'] },
        );
      }
      const stageNo = call.currentStage;
      const evaluator = (await this.pool.loadAssignmentPool(callId, manager)).find((e) => e.id === body.evaluatorId);
      const existing = await this.assignments.ofProposal(manager, proposal.id, stageNo);
      const replaced =
        body.replacesAssignmentId === undefined ? undefined : existing.find((a) => a.id === body.replacesAssignmentId);
      const violations: Violation[] = [];
      if (!evaluator)
        violations.push({
          field: 'evaluatorId',
          code: 'EVALUATOR_NOT_IN_POOL',
          message: 'not an evaluator of this call who signed its declaration',
        });
      else {
        // The domain's rules for a pair added by hand (V2–V4); a pair offered once in the stage counts as already on it.
        violations.push(
          ...addedEvaluatorViolations(
            proposal,
            evaluator,
            {
              excludePartnerRegions: call.configuration.excludePartnerRegionEvaluators ?? false,
              load: (await this.assignments.liveLoads(manager, callId))[evaluator.id] ?? 0,
              alreadyOnProposal: existing.some((a) => a.evaluatorId === evaluator.id),
            },
            'evaluatorId',
          ),
        );
      }
      if (body.replacesAssignmentId !== undefined && (!replaced || !['OFFERED', 'ACCEPTED'].includes(replaced.state))) {
        violations.push({
          field: 'replacesAssignmentId',
          code: 'OVERRIDE_UNKNOWN_PAIR',
          message: 'not an open (offered or accepted) assignment of this proposal',
        });
      }
      const live = existing.filter((a) => LIVE_ASSIGNMENT_STATES.includes(a.state)).length - (replaced ? 1 : 0);
      if (live >= call.configuration.reviewersPerProposal) {
        violations.push({
          rule: 'V1',
          field: 'replacesAssignmentId',
          code: 'PROPOSAL_FULLY_ASSIGNED',
          message: `the proposal already has ${call.configuration.reviewersPerProposal} evaluators: name the assignment this one replaces`,
          params: { max: call.configuration.reviewersPerProposal },
        });
      }
      if (violations.length > 0)
        throw new DomainError('OVERRIDE_REFUSED', 'The assignment breaks the assignment rules.', 'rule', violations);

      if (replaced) {
        await this.assignments.setState(manager, replaced.id, 'WITHDRAWN');
        await this.audit.record(manager, {
          actor,
          action: 'assignment.withdrawn',
          entityType: 'assignment',
          entityId: replaced.id,
          before: { state: replaced.state },
          after: { state: 'WITHDRAWN', reason: body.reason },
        });
      }
      const now = this.clock.now();
      const pairAffinity = affinity(proposal, evaluator!.expertise);
      const id = (await this.assignments.insertOffer(manager, {
        callId,
        proposalId: proposal.id,
        stageNo,
        evaluatorId: evaluator!.id,
        origin: 'MANUAL',
        affinity: pairAffinity,
        reason: `assigned by the programme manager: ${body.reason.trim()}; ${pairReason({ affinity: pairAffinity, sharedTerms: sharedTerms(proposal, evaluator!.expertise) })}`,
        jobId: null,
        offeredAt: now,
        offerExpiresAt: offerExpiry(now),
        reviewDueAt: new Date(call.configuration.timeline.stages[stageNo - 1].reviewDeadline),
      }))!;
      const affinityLoss = replaced ? replaced.affinity - pairAffinity : null;
      await manager.query(
        "UPDATE proposal SET state = 'IN_REVIEW', updated_at = clock_timestamp() WHERE id = $1 AND state = 'ELIGIBLE'",
        [proposal.id],
      );
      await this.audit.record(manager, {
        actor,
        action: 'assignment.assigned-manually',
        entityType: 'assignment',
        entityId: id,
        after: {
          proposalId: proposal.id,
          evaluatorId: evaluator!.id,
          affinity: pairAffinity,
          replaces: replaced?.id ?? null,
          affinityLoss,
          reason: body.reason.trim(),
        },
      });
      const contact = await this.users.findById(manager, evaluator!.id);
      if (contact) {
        await this.outbox.enqueue(manager, {
          kind: 'REVIEW_OFFER',
          recipient: { userId: contact.id, email: contact.email, displayName: contact.displayName },
          data: {
            callTitle: call.configuration.title,
            proposalAcronym: proposal.acronym,
            count: 1,
            deadline: toZonedIso(offerExpiry(now).toISOString(), call.configuration.timeZone),
            page: webLinks.assignment(id),
          },
          idempotencyKey: `review-offer:${id}`,
        });
      }
      await this.signals.enqueue(manager, {
        dedupeKey: `manual-assignment:${id}`,
        workflowId: WorkflowIds.proposalReview(proposal.id, stageNo),
        workflowType: PROPOSAL_REVIEW_WORKFLOW_TYPE,
        taskQueue: TaskQueues.main,
        startArgs: [{ callId, proposalId: proposal.id, stageNo }],
        signalName: 'offersChanged',
        signalArgs: [{ reason: `manual:${id}` }],
      });
      return { ...assignmentView((await this.assignments.find(manager, id))!), affinityLoss };
    });
  }
}
