import { Injectable } from '@nestjs/common';
import { auditRoleOf, type Principal } from '@app/common';
import {
  answerCommitmentUpdate,
  cancelCallUpdate,
  extendAgencyEligibilityUpdate,
  extendDeadlineUpdate,
  putCommitmentUpdate,
  type CommitmentResult,
  type ExtendDeadlineRequest,
  WorkflowIds,
} from '@app/contracts';
import { DomainError, validateCommitmentTerms, type CommitmentTerms, type Violation } from '@app/domain';
import { CallRepository, ReferenceDataRepository, UnitOfWork, type CallRecord } from '@app/persistence';
import { BeginAlignmentUseCase } from './begin-alignment.use-case';
import { CallAccess } from './call-access';
import { CallWorkflowClient } from './call-workflow.client';
import { CancelDraftCallUseCase } from './configure-call.use-case';

const actorOf = (user: Principal) => ({ userId: user.userId, role: auditRoleOf(user) });

async function existingCall(uow: UnitOfWork, calls: CallRepository, id: string): Promise<CallRecord> {
  const call = await uow.read((tx) => calls.find(tx, id));
  if (!call) throw new DomainError('NOT_FOUND', `Call ${id} not found.`, 'not-found', [], { callId: id });
  return call;
}

/**
 * The programme manager invites the agencies (one per region, SPEC A1) and starts the call workflow. The call
 * moves DRAFT → FUND_ALIGNMENT, with its commitments, in the transaction that answers: the next request sees the
 * configuration frozen and the officers invited. The workflow is started inside that transaction (a start that
 * fails leaves the call in DRAFT); its own first step finds the alignment begun (and begins it, should the
 * commit fail after the start). Every broken rule of the invitation is listed at once (422).
 */
@Injectable()
export class StartAlignmentUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly referenceData: ReferenceDataRepository,
    private readonly workflow: CallWorkflowClient,
    private readonly begin: BeginAlignmentUseCase,
  ) {}

  execute(
    user: Principal,
    id: string,
    agencyIds: string[],
  ): Promise<{ callId: string; workflowId: string; state: 'FUND_ALIGNMENT' }> {
    return this.uow.run(async (tx) => {
      const call = await this.calls.find(tx, id, true);
      if (!call) throw new DomainError('NOT_FOUND', `Call ${id} not found.`, 'not-found', [], { callId: id });
      if (call.state !== 'DRAFT')
        throw new DomainError(
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; the alignment starts from DRAFT.`,
          'conflict',
          [],
          { state: call.state, allowed: ['DRAFT'] },
        );
      const agencies = await this.referenceData.agencies(tx);
      const regions = await this.referenceData.regions(tx);
      const violations: Violation[] = [];
      const seen = new Map<string, string>();
      for (const [index, agencyId] of agencyIds.entries()) {
        const agency = agencies.find((a) => a.id === agencyId);
        if (!agency) {
          violations.push({
            field: `agencyIds[${index}]`,
            code: 'UNKNOWN_AGENCY',
            message: `unknown agency ${agencyId}`,
            params: { agencyId },
          });
          continue;
        }
        if (seen.has(agency.regionCode)) {
          violations.push({
            field: `agencyIds[${index}]`,
            code: 'SECOND_AGENCY_FOR_REGION',
            message: `${agency.name} is a second agency for region ${agency.regionCode}`,
            params: { agencyName: agency.name, regionCode: agency.regionCode },
          });
        }
        seen.set(agency.regionCode, agencyId);
        const currency = regions.find((r) => r.code === agency.regionCode)?.currency;
        if (currency && currency !== 'EUR' && !call.configuration.referenceRates[currency]) {
          violations.push({
            field: `agencyIds[${index}]`,
            code: 'MISSING_REFERENCE_RATE',
            message: `region ${agency.regionCode} commits in ${currency}: the call needs a reference rate for it`,
            params: { regionCode: agency.regionCode, currency },
          });
        }
      }
      if (seen.size < call.configuration.minConfirmedRegions) {
        violations.push({
          field: 'agencyIds',
          code: 'TOO_FEW_REGIONS',
          message: `invite at least ${call.configuration.minConfirmedRegions} regions`,
          params: { min: call.configuration.minConfirmedRegions },
        });
      }
      if (violations.length)
        throw new DomainError(
          'ALIGNMENT_INVITATION_INVALID',
          `The invitation breaks ${violations.length} rule(s).`,
          'rule',
          violations,
          { count: violations.length },
        );
      const invited = [...new Set(agencyIds)];
      const actor = actorOf(user);
      const workflowId = WorkflowIds.call(id);
      await this.begin.within(tx, { callId: id, agencyIds: invited, actor, workflowId });
      await this.workflow.start(id, invited, actor);
      return { callId: id, workflowId, state: 'FUND_ALIGNMENT' as const };
    });
  }
}

/** A deadline of the whole call extended through the call workflow (audited; the timeline kept in order). */
@Injectable()
export class RequestDeadlineExtensionUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly workflow: CallWorkflowClient,
  ) {}

  async execute(user: Principal, id: string, request: Omit<ExtendDeadlineRequest, 'actor'>) {
    const call = await existingCall(this.uow, this.calls, id);
    return this.workflow.update(id, extendDeadlineUpdate, { ...request, actor: actorOf(user) }, call.state);
  }
}

/**
 * The programme manager cancels the call (any state before DECIDED) with a reason: a DRAFT call, which has
 * no workflow yet, directly; any other through its workflow.
 */
@Injectable()
export class RequestCallCancellationUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly cancelDraft: CancelDraftCallUseCase,
    private readonly workflow: CallWorkflowClient,
  ) {}

  async execute(user: Principal, id: string, reason: string) {
    const call = await existingCall(this.uow, this.calls, id);
    if (call.state === 'DRAFT') return this.cancelDraft.execute(user, id, reason);
    return this.workflow.update(id, cancelCallUpdate, { reason, actor: actorOf(user) }, call.state);
  }
}

/** A new due date for one agency's missing eligibility decisions, through the call workflow (SPEC R2). */
@Injectable()
export class RequestAgencyEligibilityExtensionUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly workflow: CallWorkflowClient,
  ) {}

  async execute(user: Principal, id: string, request: { agencyId: string; newDeadline: string; reason: string }) {
    const call = await existingCall(this.uow, this.calls, id);
    return this.workflow.update(id, extendAgencyEligibilityUpdate, { ...request, actor: actorOf(user) }, call.state);
  }
}

/**
 * An agency's officer proposes or changes its commitment's terms (SPEC A1), checked here first (422 naming
 * every broken rule) and then by the call workflow.
 */
@Injectable()
export class ProposeCommitmentTermsUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: CallAccess,
    private readonly workflow: CallWorkflowClient,
  ) {}

  async execute(user: Principal, id: string, agencyId: string, terms: CommitmentTerms): Promise<CommitmentResult> {
    const { call, commitment } = await this.uow.read((tx) => this.access.actingForAgency(tx, user, id, agencyId));
    const violations = validateCommitmentTerms(terms, {
      regionCurrency: commitment.currency,
      flexibilityAllowed: call.configuration.flexibilityAllowed,
    });
    if (violations.length)
      throw new DomainError(
        'COMMITMENT_RULES_BROKEN',
        `The commitment breaks ${violations.length} rule(s).`,
        'rule',
        violations,
        { count: violations.length },
      );
    return this.workflow.update(id, putCommitmentUpdate, { agencyId, terms, actor: actorOf(user) }, call.state);
  }
}

/** An agency's officer confirms or declines its commitment (SPEC A2), through the call workflow. */
@Injectable()
export class AnswerCommitmentRequestUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: CallAccess,
    private readonly workflow: CallWorkflowClient,
  ) {}

  async execute(
    user: Principal,
    id: string,
    agencyId: string,
    answer: { answer: 'CONFIRM' } | { answer: 'DECLINE'; reason: string },
  ): Promise<CommitmentResult> {
    const { call } = await this.uow.read((tx) => this.access.actingForAgency(tx, user, id, agencyId));
    return this.workflow.update(id, answerCommitmentUpdate, { agencyId, ...answer, actor: actorOf(user) }, call.state);
  }
}
