import { Injectable } from '@nestjs/common';
import { auditRoleOf, Clock, type Principal } from '@app/common';
import { webLinks } from '@app/contracts';
import { checkRedressRequest, DomainError, type Violation } from '@app/domain';
import {
  activeProgrammeManagers,
  AuditWriter,
  CallRepository,
  OutboxWriter,
  RedressRepository,
  UnitOfWork,
} from '@app/persistence';
import { ProposalAccess } from '../proposals/proposal-access';
import type { RedressResult } from './decide-redress.use-case';

export interface FileRedressInput {
  stageNo?: number;
  grounds: string;
}

/**
 * Files a redress request (SPEC V9): the coordinator's members only (anyone else 404), within 30 days
 * of the stage's result, one per stage — every broken rule listed at once (422). "Now" is the injectable
 * clock; the result instant comes from `RedressRepository.resultIssuedAt`. The proposal row is locked,
 * so two filings for one stage are ordered (the unique index is the last line). The programme managers
 * are told; the filing is audited.
 */
@Injectable()
export class FileRedressUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly access: ProposalAccess,
    private readonly calls: CallRepository,
    private readonly redress: RedressRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(principal: Principal, proposalId: string, body: FileRedressInput): Promise<RedressResult> {
    return this.uow.run(async (manager) => {
      const { proposal, partners } = await this.access.asCoordinator(manager, principal, proposalId, 'update');
      const stage = body.stageNo ?? proposal.stageNo;
      const now = this.clock.now();
      const validStage = stage === 1 || stage === 2;
      const resultAt = validStage ? await this.redress.resultIssuedAt(manager, proposalId, stage) : null;
      const filed = await this.redress.ofProposal(manager, proposalId);
      const check = checkRedressRequest({
        now: now.getTime(),
        // Without a result the window rules do not apply: RESULT_NOT_YET_ISSUED is added below instead.
        resultAt: resultAt?.getTime() ?? now.getTime(),
        stage: stage as 1 | 2,
        requesterIsCoordinator: true,
        filedStages: filed.map((r) => r.stageNo as 1 | 2),
        grounds: body.grounds,
      });
      const violations: Violation[] = [...check.violations];
      if (validStage && resultAt === null) {
        violations.push({
          field: 'stageNo',
          rule: 'V9',
          code: 'RESULT_NOT_YET_ISSUED',
          message: `No result has been issued for stage ${stage} of this proposal yet.`,
          params: { stage },
        });
      }
      if (violations.length)
        throw new DomainError(
          'REDRESS_REQUEST_REFUSED',
          `The redress request breaks ${violations.length} rule(s).`,
          'rule',
          violations,
          { count: violations.length },
        );

      const request = await this.redress.insert(manager, {
        proposalId,
        callId: proposal.callId,
        stageNo: stage,
        filedBy: principal.userId,
        grounds: body.grounds.trim(),
        resultAt: resultAt!,
        filedAt: now,
      });
      await this.audit.record(manager, {
        actor: { userId: principal.userId, role: auditRoleOf(principal) },
        action: 'redress.filed',
        entityType: 'redress_request',
        entityId: request.id,
        after: {
          proposalId,
          stageNo: stage,
          status: 'FILED',
          resultAt: resultAt!.toISOString(),
          windowClosesAt: check.deadline,
          proposalState: proposal.state,
        },
        businessKey: `redress-filed:${request.id}`,
      });
      const call = (await this.calls.find(manager, proposal.callId))!;
      const coordinator = partners.find((p) => p.organisationId === proposal.coordinatorOrganisationId);
      for (const pm of await activeProgrammeManagers(manager)) {
        await this.outbox.enqueue(manager, {
          kind: 'REDRESS_FILED',
          recipient: pm,
          data: {
            proposalAcronym: proposal.content.acronym,
            callTitle: call.configuration.title,
            organisationName: coordinator?.legalName,
            page: webLinks.proposal(proposal.id),
          },
          idempotencyKey: `redress-filed:${request.id}:${pm.userId}`,
        });
      }
      return { request, timeZone: call.configuration.timeZone };
    });
  }
}
