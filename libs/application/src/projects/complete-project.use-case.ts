import { Injectable } from '@nestjs/common';
import { applyProjectEvent, DomainError } from '@app/domain';
import {
  AuditWriter,
  GrantRepository,
  ProjectRepository,
  UnitOfWork,
  WorkflowSignalOutboxRepository,
} from '@app/persistence';
import { signalCallEndChanged } from '../calls/call-end-signal';

/**
 * The workflow saw the final report accepted and every instalment paid: COMPLETED, re-checked under the
 * project's lock. A project no longer ACTIVE is left as it is (the workflow reloads it). One that is ACTIVE but
 * cannot complete means the workflow's facts and the domain disagree: the project stays ACTIVE and the activity
 * fails with what is missing, retried with back-off (visible as the workflow's pending activity), rather than
 * returning as if it had completed and being asked again at once.
 */
@Injectable()
export class CompleteProjectUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectRepository,
    private readonly instalments: GrantRepository,
    private readonly audit: AuditWriter,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  execute(input: { projectId: string; at: string }): Promise<void> {
    return this.uow.run(async (tx) => {
      const project = await this.projects.find(tx, input.projectId, true);
      if (!project) throw new Error(`Project ${input.projectId} not found: it cannot complete.`);
      if (project.state !== 'ACTIVE') return;
      const facts = await this.projects.releaseFacts(tx, project.id);
      const instalments = await this.instalments.liveInstalmentsOf(tx, project.proposalId);
      try {
        applyProjectEvent(project.state, {
          kind: 'COMPLETE',
          finalReportAccepted: facts.finalReportAccepted,
          instalments,
        });
      } catch (error) {
        // A plain error, not the domain's refusal: the activity is retried until the facts agree.
        if (error instanceof DomainError)
          throw new Error(
            `Project ${project.id} cannot complete: ` +
              (error.violations.map((v) => `${v.code} (${v.message})`).join(', ') || error.message),
            { cause: error },
          );
        throw error;
      }
      await this.projects.transitionProject(tx, project.id, 'COMPLETED', { reason: null, endedAt: input.at });
      await this.audit.record(tx, {
        actor: null,
        action: 'project.completed',
        entityType: 'project',
        entityId: project.id,
        before: { state: 'ACTIVE' },
        after: { state: 'COMPLETED' },
        businessKey: `project-completed:${project.id}`,
      });
      // The project has ended (SPEC §4): the call may close.
      await signalCallEndChanged(this.signals, tx, project.callId, 'project-ended', project.id);
      await this.projects.notify(
        tx,
        project,
        'CONSORTIUM',
        'PROJECT_DECISION',
        { outcome: 'project completed' },
        `project-completed:${project.id}`,
      );
    });
  }
}
