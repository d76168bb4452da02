import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  webLinks,
  type ActorRef,
  type AnswerCommitmentRequest,
  type CallActivities,
  type CallWorkflowState,
  type CommitmentResult,
  type PutCommitmentRequest,
} from '@app/contracts';
import {
  canChangeCommitmentAmount,
  toZonedIso,
  validateCallConfiguration,
  validateCommitmentTerms,
  type CallConfiguration,
  type NotificationData,
  type NotificationKind,
} from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  isOverdraft,
  OutboxWriter,
  type CallRecord,
  type CommitmentRecord,
} from '@app/persistence';
import { lockCall, refusal } from './activity-failure';

const toResult = (c: CommitmentRecord): CommitmentResult => ({
  agencyId: c.agencyId,
  regionCode: c.regionCode,
  status: c.status,
  currency: c.currency,
  amount: c.amount,
  flexibility: c.flexibility,
});

const publicTerms = (c: CommitmentRecord) => ({
  status: c.status,
  currency: c.currency,
  amount: c.amount,
  flexibility: c.flexibility,
  rules: c.rules,
});

/**
 * The call lifecycle's writes (SPEC §6): each transition in one transaction with its audit event and
 * its notifications, idempotent under the workflow's update id or the transition's business key, so a
 * retried activity (a worker killed mid-way) writes nothing twice.
 */
@Injectable()
export class CallLifecycleActivities implements Omit<CallActivities, 'finaliseRanking'> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calls: CallRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  private lockedCall(manager: EntityManager, callId: string): Promise<CallRecord> {
    return lockCall(this.calls, manager, callId);
  }

  private async alreadyApplied(manager: EntityManager, businessKey: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM audit_event WHERE business_key = $1', [businessKey]);
    return rows.length > 0;
  }

  private async notifyOfficers(
    manager: EntityManager,
    call: CallRecord,
    agencyIds: string[],
    kind: NotificationKind,
    data: NotificationData,
    keyPrefix: string,
  ): Promise<void> {
    const commitments = await this.calls.commitments(manager, call.id);
    for (const agencyId of agencyIds) {
      const agencyName = commitments.find((c) => c.agencyId === agencyId)?.agencyName;
      for (const officer of await this.calls.officersOf(manager, agencyId)) {
        await this.outbox.enqueue(manager, {
          kind,
          recipient: { userId: officer.id, email: officer.email, displayName: officer.displayName },
          data: {
            callTitle: call.configuration.title,
            agencyName,
            page: webLinks.commitment(call.id, agencyId),
            ...data,
          },
          idempotencyKey: `${keyPrefix}:${call.id}:${agencyId}:${officer.id}`,
        });
      }
    }
  }

  private workflowState(call: CallRecord, commitments: CommitmentRecord[]): CallWorkflowState {
    return callWorkflowState(call, commitments, 1);
  }

  async beginAlignment(input: {
    callId: string;
    agencyIds: string[];
    actor: ActorRef;
    workflowId: string;
  }): Promise<CallWorkflowState> {
    return this.dataSource.transaction(async (manager) => {
      const call = await this.lockedCall(manager, input.callId);
      if (call.state === 'DRAFT') {
        for (const agencyId of input.agencyIds) {
          const rows: Array<{ id: string; region_code: string; currency: string }> = await manager.query(
            'SELECT a.id, a.region_code, r.currency FROM funding_agency a JOIN region r ON r.code = a.region_code WHERE a.id = $1',
            [agencyId],
          );
          if (rows.length === 0)
            throw refusal('rule', 'UNKNOWN_AGENCY', `Agency ${agencyId} does not exist.`, [], { agencyId });
          await this.calls.invite(manager, call.id, {
            id: rows[0].id,
            regionCode: rows[0].region_code,
            currency: rows[0].currency,
          });
        }
        await this.calls.setState(manager, call.id, 'FUND_ALIGNMENT');
        await this.calls.setWorkflowId(manager, call.id, input.workflowId);
        await this.audit.record(manager, {
          actor: input.actor.userId === 'system' ? null : input.actor,
          action: 'call.alignment-started',
          entityType: 'call',
          entityId: call.id,
          before: { state: 'DRAFT' },
          after: { state: 'FUND_ALIGNMENT', invitedAgencyIds: input.agencyIds },
          workflowId: input.workflowId,
          businessKey: `alignment-started:${call.id}`,
        });
        await this.notifyOfficers(
          manager,
          call,
          input.agencyIds,
          'ALIGNMENT_INVITATION',
          { deadline: toZonedIso(call.configuration.timeline.alignmentDeadline, call.configuration.timeZone) },
          'alignment-invitation',
        );
      } else if (call.state !== 'FUND_ALIGNMENT') {
        throw refusal(
          'conflict',
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; the alignment starts from DRAFT.`,
          [],
          { state: call.state, allowed: ['DRAFT'] },
        );
      }
      return this.workflowState(call, await this.calls.commitments(manager, call.id));
    });
  }

  async saveCommitmentTerms(input: {
    callId: string;
    request: PutCommitmentRequest;
    afterAlignment: boolean;
    updateId: string;
  }): Promise<CommitmentResult> {
    const { request } = input;
    const businessKey = `update:${input.updateId}`;
    return this.dataSource.transaction(async (manager) => {
      const call = await this.calls.find(manager, input.callId);
      if (!call)
        throw refusal('not-found', 'CALL_NOT_FOUND', `Call ${input.callId} not found.`, [], { callId: input.callId });
      const current = await this.calls.commitment(manager, input.callId, request.agencyId, true);
      if (!current)
        throw refusal(
          'not-found',
          'AGENCY_NOT_INVITED',
          `Agency ${request.agencyId} is not invited to this call.`,
          [],
          { agencyId: request.agencyId },
        );
      if (await this.alreadyApplied(manager, businessKey)) return toResult(current);
      const violations = [
        ...validateCommitmentTerms(request.terms, {
          regionCurrency: current.currency,
          flexibilityAllowed: call.configuration.flexibilityAllowed,
        }),
        // A1: amount plus the flexibility the call lets it use never below what is proposed and allocated (F2).
        ...(input.afterAlignment
          ? canChangeCommitmentAmount(
              usableOf(current, call.configuration.flexibilityAllowed),
              usableOf(request.terms, call.configuration.flexibilityAllowed),
              current.proposedTotal + current.allocatedTotal,
              'AFTER_ALIGNMENT',
              current.currency,
            )
          : []),
      ];
      if (violations.length)
        throw refusal(
          'rule',
          'COMMITMENT_RULES_BROKEN',
          `The commitment breaks ${violations.length} rule(s).`,
          violations,
          {
            count: violations.length,
          },
        );
      const status = current.status === 'INVITED' ? 'PROPOSED' : current.status;
      try {
        await this.calls.saveTerms(manager, input.callId, request.agencyId, request.terms, status);
      } catch (error) {
        // The database's no-overdraft CHECK: the last line, should the totals have moved under another path.
        if (isOverdraft(error))
          throw refusal(
            'rule',
            'COMMITMENT_RULES_BROKEN',
            'The commitment would fall below what is proposed and allocated.',
            [{ field: 'amount', rule: 'A1', code: 'BELOW_ALLOCATED', message: 'below proposed plus allocated' }],
          );
        throw error;
      }
      const saved = (await this.calls.commitment(manager, input.callId, request.agencyId))!;
      await this.audit.record(manager, {
        actor: request.actor,
        action: input.afterAlignment ? 'commitment.changed-after-alignment' : 'commitment.proposed',
        entityType: 'fund-commitment',
        entityId: `${input.callId}:${request.agencyId}`,
        before: publicTerms(current),
        after: publicTerms(saved),
        businessKey,
      });
      return toResult(saved);
    });
  }

  async answerCommitment(input: {
    callId: string;
    request: AnswerCommitmentRequest;
    updateId: string;
  }): Promise<CommitmentResult> {
    const { request } = input;
    const businessKey = `update:${input.updateId}`;
    return this.dataSource.transaction(async (manager) => {
      await this.lockedCall(manager, input.callId);
      const current = await this.calls.commitment(manager, input.callId, request.agencyId, true);
      if (!current)
        throw refusal(
          'not-found',
          'AGENCY_NOT_INVITED',
          `Agency ${request.agencyId} is not invited to this call.`,
          [],
          { agencyId: request.agencyId },
        );
      if (await this.alreadyApplied(manager, businessKey)) return toResult(current);
      const status = request.answer === 'CONFIRM' ? 'CONFIRMED' : 'DECLINED';
      await this.calls.setCommitmentStatus(manager, input.callId, request.agencyId, status, request.reason ?? null);
      await this.audit.record(manager, {
        actor: request.actor,
        action: request.answer === 'CONFIRM' ? 'commitment.confirmed' : 'commitment.declined',
        entityType: 'fund-commitment',
        entityId: `${input.callId}:${request.agencyId}`,
        before: { status: current.status },
        after: { status, ...(request.reason ? { reason: request.reason } : {}) },
        businessKey,
      });
      return toResult((await this.calls.commitment(manager, input.callId, request.agencyId))!);
    });
  }

  async concludeAlignment(input: {
    callId: string;
    confirmedRegions: string[];
    droppedOutAgencyIds: string[];
    opens: boolean;
    reason?: string;
  }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const call = await this.lockedCall(manager, input.callId);
      for (const agencyId of input.droppedOutAgencyIds) {
        const current = await this.calls.commitment(manager, call.id, agencyId, true);
        if (current && (current.status === 'INVITED' || current.status === 'PROPOSED')) {
          await this.calls.setCommitmentStatus(
            manager,
            call.id,
            agencyId,
            'DROPPED_OUT',
            'No confirmation by the alignment deadline',
          );
        }
        await this.audit.record(manager, {
          actor: null,
          action: 'commitment.dropped-out',
          entityType: 'fund-commitment',
          entityId: `${call.id}:${agencyId}`,
          after: { status: 'DROPPED_OUT' },
          businessKey: `dropped-out:${call.id}:${agencyId}`,
        });
      }
      await this.notifyOfficers(
        manager,
        call,
        input.droppedOutAgencyIds,
        'ALIGNMENT_DROPPED_OUT',
        {},
        'alignment-dropped-out',
      );
      await this.calls.markAlignmentConcluded(manager, call.id);
      if (!input.opens && call.state === 'FUND_ALIGNMENT') {
        await this.calls.setState(manager, call.id, 'CANCELLED', input.reason ?? 'Not enough confirmed regions');
        const invited = (await this.calls.commitments(manager, call.id)).map((c) => c.agencyId);
        await this.notifyOfficers(manager, call, invited, 'CALL_CANCELLED', { reason: input.reason }, 'call-cancelled');
      }
      await this.audit.record(manager, {
        actor: null,
        action: input.opens ? 'call.alignment-concluded' : 'call.cancelled',
        entityType: 'call',
        entityId: call.id,
        before: { state: 'FUND_ALIGNMENT' },
        after: input.opens
          ? { state: 'FUND_ALIGNMENT', confirmedRegions: input.confirmedRegions }
          : { state: 'CANCELLED', reason: input.reason },
        businessKey: `alignment-concluded:${call.id}`,
      });
    });
  }

  async openCall(input: { callId: string }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const call = await this.lockedCall(manager, input.callId);
      if (call.state === 'OPEN') return;
      if (call.state !== 'FUND_ALIGNMENT')
        throw refusal(
          'conflict',
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; it opens from FUND_ALIGNMENT.`,
          [],
          { state: call.state, allowed: ['FUND_ALIGNMENT'] },
        );
      await this.calls.setState(manager, call.id, 'OPEN');
      await this.audit.record(manager, {
        actor: null,
        action: 'call.opened',
        entityType: 'call',
        entityId: call.id,
        before: { state: 'FUND_ALIGNMENT' },
        after: { state: 'OPEN' },
        businessKey: `opened:${call.id}`,
      });
      const confirmed = (await this.calls.commitments(manager, call.id))
        .filter((c) => c.status === 'CONFIRMED')
        .map((c) => c.agencyId);
      await this.notifyOfficers(
        manager,
        call,
        confirmed,
        'CALL_OPENED',
        { deadline: toZonedIso(call.configuration.timeline.stages[0].submissionDeadline, call.configuration.timeZone) },
        'call-opened',
      );
    });
  }

  async extendDeadline(input: {
    callId: string;
    request: {
      field: 'alignmentDeadline' | 'opensAt' | 'submissionDeadline';
      newDeadline: string;
      reason: string;
      actor: ActorRef;
    };
    updateId: string;
  }): Promise<void> {
    const businessKey = `update:${input.updateId}`;
    await this.dataSource.transaction(async (manager) => {
      // The exclusive row lock orders the extension against every submission (SPEC S1).
      const call = await this.lockedCall(manager, input.callId);
      if (await this.alreadyApplied(manager, businessKey)) return;
      const before: CallConfiguration = call.configuration;
      const instant = new Date(Date.parse(input.request.newDeadline)).toISOString();
      const timeline = structuredClone(before.timeline);
      const stage = call.currentStage - 1;
      if (input.request.field === 'submissionDeadline') timeline.stages[stage].submissionDeadline = instant;
      else timeline[input.request.field] = instant;
      const next: CallConfiguration = { ...before, timeline };
      const violations = validateCallConfiguration(next, {
        knownTransformativeActivities: next.transformativeActivityCodes,
      }).filter((v) => v.field?.startsWith('timeline'));
      if (violations.length)
        throw refusal(
          'rule',
          'TIMELINE_ORDER_BROKEN',
          'The new deadline breaks the order of the timeline.',
          violations,
        );
      await this.calls.saveConfiguration(manager, call.id, next);
      await this.audit.record(manager, {
        actor: input.request.actor,
        action: 'call.deadline-extended',
        entityType: 'call',
        entityId: call.id,
        before: {
          [input.request.field]:
            input.request.field === 'submissionDeadline'
              ? before.timeline.stages[stage].submissionDeadline
              : before.timeline[input.request.field],
        },
        after: { [input.request.field]: instant, reason: input.request.reason },
        businessKey,
      });
    });
  }

  async cancelCall(input: {
    callId: string;
    request: { reason: string; actor: ActorRef };
    updateId: string;
  }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const call = await this.lockedCall(manager, input.callId);
      if (call.state === 'CANCELLED') return;
      if (['DECIDED', 'MONITORING', 'CLOSED'].includes(call.state)) {
        throw refusal(
          'conflict',
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; only calls before DECIDED can be cancelled.`,
          [],
          { state: call.state },
        );
      }
      await this.calls.setState(manager, call.id, 'CANCELLED', input.request.reason);
      await this.audit.record(manager, {
        actor: input.request.actor,
        action: 'call.cancelled',
        entityType: 'call',
        entityId: call.id,
        before: { state: call.state },
        after: { state: 'CANCELLED', reason: input.request.reason },
        businessKey: `update:${input.updateId}`,
      });
      const invited = (await this.calls.commitments(manager, call.id))
        .filter((c) => c.status !== 'DECLINED' && c.status !== 'DROPPED_OUT')
        .map((c) => c.agencyId);
      await this.notifyOfficers(
        manager,
        call,
        invited,
        'CALL_CANCELLED',
        { reason: input.request.reason },
        'call-cancelled',
      );
    });
  }

  /** ELIGIBILITY_CHECK → IN_EVALUATION (SPEC §4), when the programme manager first assigns evaluators. */
  async startEvaluation(input: { callId: string; request: { actor: ActorRef }; updateId: string }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const call = await this.lockedCall(manager, input.callId);
      if (call.state === 'IN_EVALUATION') return;
      if (call.state !== 'ELIGIBILITY_CHECK')
        throw refusal(
          'conflict',
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; the evaluation starts from ELIGIBILITY_CHECK.`,
          [],
          { state: call.state, allowed: ['ELIGIBILITY_CHECK'] },
        );
      await this.calls.setState(manager, call.id, 'IN_EVALUATION');
      await this.audit.record(manager, {
        actor: input.request.actor,
        action: 'call.evaluation-started',
        entityType: 'call',
        entityId: call.id,
        before: { state: 'ELIGIBILITY_CHECK' },
        after: { state: 'IN_EVALUATION' },
        businessKey: `update:${input.updateId}`,
      });
    });
  }
}

/** What the call workflow keeps for `stageNo`: the timeline's instants (that stage's deadlines) and the commitments. */
export function callWorkflowState(
  call: CallRecord,
  commitments: CommitmentRecord[],
  stageNo: number,
): CallWorkflowState {
  const t = call.configuration.timeline;
  const stage = t.stages[stageNo - 1];
  return {
    alignmentDeadline: new Date(t.alignmentDeadline).toISOString(),
    opensAt: new Date(t.opensAt).toISOString(),
    submissionDeadline: new Date(stage.submissionDeadline).toISOString(),
    eligibilityDeadline: new Date(stage.eligibilityDeadline).toISOString(),
    decisionDeadline: new Date(t.decisionDeadline).toISOString(),
    minConfirmedRegions: call.configuration.minConfirmedRegions,
    commitments: commitments.map((c) => ({ agencyId: c.agencyId, regionCode: c.regionCode, status: c.status })),
    ...(stageNo === 1 ? {} : { stageNo }),
  };
}

/** Amount and the flexibility a region may actually use (SPEC F1: only when the call allows it). */
function usableOf(
  terms: { amount: number; flexibility: number },
  flexibilityAllowed: boolean,
): { amount: number; flexibility: number } {
  return { amount: terms.amount, flexibility: flexibilityAllowed ? terms.flexibility : 0 };
}
