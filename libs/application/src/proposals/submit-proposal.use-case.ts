import { Injectable } from '@nestjs/common';
import { canonicalJson, Clock, sha256Hex } from '@app/common';
import { checkFullProposalConsistency, checkProposal, DomainError, toZonedIso, type Violation } from '@app/domain';
import {
  webLinks,
  PROPOSAL_LIFECYCLE_WORKFLOW_TYPE,
  TaskQueues,
  WorkflowIds,
  versionSubmittedSignal,
} from '@app/contracts';
import {
  AuditWriter,
  CallRepository,
  IdempotencyStore,
  OutboxWriter,
  ProposalRepository,
  UnitOfWork,
  UserRepository,
  WorkflowSignalOutboxRepository,
} from '@app/persistence';
import { EligibilityContextLoader, fullContent } from './eligibility-context.loader';
import { ProposalAccess } from './proposal-access';
import type { Principal } from '@app/common';

export interface SubmissionReceipt {
  proposalId: string;
  version: number;
  /** The server time at which the submission's transaction checked the deadline, in the call's time zone. */
  submittedAt: string;
  /** SHA-256 (hex) of the RFC 8785 canonical JSON of the submitted content. */
  sha256: string;
}

const SUBMITTABLE = ['DRAFT', 'SUBMITTED', 'WITHDRAWN'];

/**
 * Submission exactly as SPEC S1, S2, S5: one transaction claims the idempotency key, locks the
 * proposal, takes a SHARED lock on the call row (so submissions run side by side while a deadline
 * extension or the close, which lock it exclusively, are strictly ordered against each of them), reads
 * the server clock and the recorded deadline, checks E1–E5, and stores an immutable version with its
 * receipt. A retry with the same key returns the original receipt — even after the deadline.
 */
@Injectable()
export class SubmitProposalUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly proposals: ProposalRepository,
    private readonly access: ProposalAccess,
    private readonly contexts: EligibilityContextLoader,
    private readonly idempotency: IdempotencyStore,
    private readonly users: UserRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
    private readonly signals: WorkflowSignalOutboxRepository,
    private readonly clock: Clock,
  ) {}

  async execute(
    principal: Principal,
    proposalId: string,
    body: { draftRevision: number },
    idempotencyKey?: string,
  ): Promise<SubmissionReceipt> {
    const requestHash = sha256Hex(canonicalJson({ proposalId, ...body }));
    return this.uow.run(async (manager) => {
      if (idempotencyKey) {
        const claim = await this.idempotency.claim<SubmissionReceipt>(manager, {
          userId: principal.userId,
          key: idempotencyKey,
          scope: 'proposal.submit',
          requestHash,
        });
        if (claim.kind === 'replay') return claim.response;
        if (claim.kind === 'mismatch') {
          throw new DomainError(
            'IDEMPOTENCY_KEY_REUSED',
            'This Idempotency-Key was used for a different request.',
            'rule',
            [{ field: 'Idempotency-Key', code: 'IDEMPOTENCY_KEY_REUSED', message: 'already used with another body' }],
          );
        }
      }
      const { proposal: seen } = await this.access.asCoordinator(manager, principal, proposalId);
      // Lock order everywhere: the call row first, then proposals (the close at the deadline does the same).
      // The instant that counts: the engine's clock, read while the shared lock is held (SPEC S1). Not the
      // database's: the close at the deadline is a workflow timer on the engine's time, and both must agree.
      const callRow = await this.calls.submissionWindow(manager, seen.callId, seen.stageNo);
      const now = this.clock.now();
      const { proposal, partners } = await this.access.asCoordinator(manager, principal, proposalId, 'update');
      const deadline = toZonedIso(callRow.deadline.toISOString(), callRow.timeZone);
      if (now.getTime() > callRow.deadline.getTime())
        throw new DomainError(
          'SUBMISSION_DEADLINE_PASSED',
          `The submission deadline ${deadline} has passed.`,
          'conflict',
          [],
          { deadline },
        );
      if (callRow.state !== 'OPEN')
        throw new DomainError(
          'CALL_STATE_CONFLICT',
          `The call is ${callRow.state}; submissions need it OPEN.`,
          'conflict',
          [],
          { state: callRow.state, allowed: ['OPEN'] },
        );
      if (!SUBMITTABLE.includes(proposal.state))
        throw new DomainError(
          'PROPOSAL_STATE_CONFLICT',
          `The proposal is ${proposal.state}; it can no longer be submitted.`,
          'conflict',
          [],
          { state: proposal.state },
        );
      if (body.draftRevision !== proposal.revision) {
        throw new DomainError(
          'DRAFT_CHANGED',
          `The draft changed since revision ${body.draftRevision} (now ${proposal.revision}); review it and ` +
            `submit again.`,
          'conflict',
          [],
          {
            expected: body.draftRevision,
            actual: proposal.revision,
          },
        );
      }
      const content = fullContent(proposal, partners);
      const violations: Violation[] = [
        ...checkProposal(content, await this.contexts.load(manager, proposal.callId)),
        ...partners
          .filter((p) => p.status !== 'ACCEPTED')
          .map((p) => ({
            rule: 'E4',
            field: `partners`,
            code: 'PARTNER_NOT_ACCEPTED',
            message: `${p.legalName} has not accepted the invitation yet`,
            params: { organisationName: p.legalName },
          })),
      ];
      if (violations.length)
        throw new DomainError(
          'ELIGIBILITY_RULES_FAILED',
          `The proposal breaks ${violations.length} rule(s).`,
          'rule',
          violations,
          { count: violations.length },
        );

      if (proposal.preProposalId !== null) {
        // A full proposal (SPEC V7): the same coordinator as its pre-proposal (a rule); partner changes are flagged.
        const pre = (await this.proposals.lastVersionContent(manager, proposal.preProposalId))!;
        const consistency = checkFullProposalConsistency(pre.partners, content.partners);
        if (consistency.violations.length)
          throw new DomainError(
            'FULL_PROPOSAL_INCONSISTENT',
            'The full proposal must keep the pre-proposal’s coordinator.',
            'rule',
            consistency.violations,
          );
        await this.proposals.setConsortiumChanges(manager, proposalId, consistency.changes);
      }
      const canonical = canonicalJson(content);
      const version = proposal.lastVersion + 1;
      const sha256 = sha256Hex(canonical);
      await this.proposals.transitionSubmitted(manager, {
        proposalId,
        version,
        content,
        canonicalJson: canonical,
        sha256,
        submittedAt: now,
        submittedBy: principal.userId,
      });
      const receipt: SubmissionReceipt = {
        proposalId,
        version,
        submittedAt: toZonedIso(now.toISOString(), callRow.timeZone),
        sha256,
      };
      await this.audit.record(manager, {
        actor: { userId: principal.userId, role: 'APPLICANT' },
        action: 'proposal.submitted',
        entityType: 'proposal',
        entityId: proposalId,
        before: { state: proposal.state, version: proposal.lastVersion },
        after: { state: 'SUBMITTED', version, sha256 },
        businessKey: `proposal-version:${proposalId}:${version}`,
      });
      for (const member of await this.users.activeMembersOf(manager, proposal.coordinatorOrganisationId)) {
        await this.outbox.enqueue(manager, {
          kind: 'PROPOSAL_SUBMITTED',
          recipient: { userId: member.id, email: member.email, displayName: member.displayName },
          data: {
            proposalAcronym: proposal.content.acronym,
            callTitle: callRow.title,
            receipt: `Version ${version}, submitted at ${receipt.submittedAt}, SHA-256 ${sha256}.`,
            page: webLinks.proposalVersions(proposalId),
          },
          idempotencyKey: `proposal-submitted:${proposalId}:${version}:${member.id}`,
        });
      }
      // The proposal's workflow learns of the version through the outbox (started by the first one).
      await this.signals.enqueue(manager, {
        dedupeKey: `proposal-version:${proposalId}:${version}`,
        workflowId: WorkflowIds.proposal(proposalId),
        workflowType: PROPOSAL_LIFECYCLE_WORKFLOW_TYPE,
        taskQueue: TaskQueues.main,
        startArgs: [{ proposalId, callId: proposal.callId }],
        signal: versionSubmittedSignal,
        signalArgs: [{ version, sha256, submittedAt: receipt.submittedAt }],
      });
      if (idempotencyKey)
        await this.idempotency.complete(manager, { userId: principal.userId, key: idempotencyKey, response: receipt });
      return receipt;
    });
  }
}
