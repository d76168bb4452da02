import { Injectable } from '@nestjs/common';
import type { DecideConsortiumAgreementRequest, ProjectActionResult } from '@app/contracts';
import { DomainError } from '@app/domain';
import { AuditWriter, ProjectRepository, ProposalRepository, WorkflowSignalOutboxRepository } from '@app/persistence';
import { signalCallEndChanged } from '../calls/call-end-signal';
import { signalProposalsChanged } from '../proposals/proposal-changed';
import { ProjectActionRunner, type ProjectActionInput } from './project-action-runner';
import { ProjectReleases } from './project-releases';

/**
 * The programme manager accepts or returns the submitted consortium agreement (SPEC F4): accepting releases
 * the advance instalments (and whatever was earned meanwhile) and funds the proposal.
 */
@Injectable()
export class DecideConsortiumAgreementUseCase {
  constructor(
    private readonly runner: ProjectActionRunner,
    private readonly projects: ProjectRepository,
    private readonly proposals: ProposalRepository,
    private readonly releases: ProjectReleases,
    private readonly audit: AuditWriter,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  execute(input: ProjectActionInput<DecideConsortiumAgreementRequest>): Promise<ProjectActionResult> {
    const { request } = input;
    return this.runner.run(
      input,
      request.actor,
      request.accept ? 'project.consortium-agreement-accepted' : 'project.consortium-agreement-returned',
      async (tx, project) => {
        if (project.consortiumAgreement !== 'SUBMITTED') {
          throw new DomainError(
            'ILLEGAL_AGREEMENT_TRANSITION',
            `The consortium agreement is ${project.consortiumAgreement}: ` +
              'only a SUBMITTED agreement is accepted or returned.',
            'conflict',
            [],
            { state: project.consortiumAgreement, allowed: ['SUBMITTED'] },
          );
        }
        if (!request.accept && !request.comment?.trim())
          throw new DomainError('COMMENT_REQUIRED', 'Say what has to change.', 'rule', [
            { field: 'comment', code: 'COMMENT_REQUIRED', message: 'Say what has to change.' },
          ]);
        const state = request.accept ? 'ACCEPTED' : 'RETURNED';
        await this.projects.transitionAgreementDecided(
          tx,
          project.id,
          state,
          request.comment?.trim() || null,
          input.at,
        );
        const released = request.accept
          ? await this.releases.release(
              tx,
              { ...project, consortiumAgreement: 'ACCEPTED' },
              { kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' },
              input,
            )
          : [];
        // SPEC §4 Proposal `SELECTED → FUNDED`: the funding starts with the accepted agreement (the first money
        // released).
        if (request.accept && (await this.proposals.transitionSelectedToFunded(tx, project.proposalId))) {
          await this.audit.record(tx, {
            actor: request.actor,
            action: 'proposal.funded',
            entityType: 'proposal',
            entityId: project.proposalId,
            before: { state: 'SELECTED' },
            after: { state: 'FUNDED', projectId: project.id },
            businessKey: `proposal-funded:${project.proposalId}`,
          });
          // FUNDED is final for the proposal (its project's workflow goes on): its workflow can complete.
          await signalProposalsChanged(
            this.signals,
            tx,
            [{ id: project.proposalId, callId: project.callId }],
            'funded',
            project.proposalId,
          );
        }
        // The project has started (SPEC §4): the call may move on to MONITORING.
        if (request.accept) await signalCallEndChanged(this.signals, tx, project.callId, 'project-started', project.id);
        await this.projects.notify(
          tx,
          project,
          'CONSORTIUM',
          'PROJECT_DECISION',
          { outcome: `consortium agreement ${state.toLowerCase()}`, reason: request.comment?.trim() },
          `agreement-${state}:${input.updateId}`,
        );
        return { projectState: project.state, state, released };
      },
    );
  }
}
