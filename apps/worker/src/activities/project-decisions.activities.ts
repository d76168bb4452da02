import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  ChangeProjectStateRequest,
  DecideConsortiumAgreementRequest,
  DecideReportRequest,
  ProjectActionResult,
} from '@app/contracts';
import { applyMilestoneEvent, applyProjectEvent, DomainError, type ReleaseEvent } from '@app/domain';
import { AuditWriter, InstalmentLedgerRepository, ProjectRepository } from '@app/persistence';
import { refusal } from './activity-failure';
import { ProjectActionRunner, refused } from './project-action-runner';
import { ProjectReleases } from './project-releases';

interface ActionInput<Request> {
  projectId: string;
  request: Request;
  updateId: string;
  at: string;
}

/**
 * The programme manager's decisions on a project (SPEC M4, §4 Project), each an activity of the project
 * workflow's update: one transaction under the project's row lock, with its audit event keyed by the
 * update id — a retried activity returns the first answer instead of acting twice. Releases follow the
 * domain's gate (F4): nothing before the consortium agreement is accepted, nothing while not ACTIVE; what
 * was earned meanwhile goes out with the agreement's acceptance or the resumption.
 */
@Injectable()
export class ProjectDecisionActivitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectRepository,
    private readonly instalments: InstalmentLedgerRepository,
    private readonly audit: AuditWriter,
    private readonly runner: ProjectActionRunner,
    private readonly releases: ProjectReleases,
  ) {}

  async decideConsortiumAgreement(input: ActionInput<DecideConsortiumAgreementRequest>): Promise<ProjectActionResult> {
    const { request } = input;
    return this.runner.run(
      input,
      request.actor,
      request.accept ? 'project.consortium-agreement-accepted' : 'project.consortium-agreement-returned',
      async (manager, project) => {
        if (project.consortiumAgreement !== 'SUBMITTED') {
          throw refusal(
            'conflict',
            'ILLEGAL_AGREEMENT_TRANSITION',
            `The consortium agreement is ${project.consortiumAgreement}: only a SUBMITTED agreement is accepted or returned.`,
            [],
            { state: project.consortiumAgreement, allowed: ['SUBMITTED'] },
          );
        }
        if (!request.accept && !request.comment?.trim())
          throw refusal('rule', 'COMMENT_REQUIRED', 'Say what has to change.', [
            { field: 'comment', code: 'COMMENT_REQUIRED', message: 'Say what has to change.' },
          ]);
        const state = request.accept ? 'ACCEPTED' : 'RETURNED';
        await manager.query(
          'UPDATE project SET consortium_agreement = $2, consortium_agreement_comment = $3, consortium_agreement_decided_at = $4 WHERE id = $1',
          [project.id, state, request.comment?.trim() || null, input.at],
        );
        const released = request.accept
          ? await this.releases.release(
              manager,
              { ...project, consortiumAgreement: 'ACCEPTED' },
              { kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' },
              input,
            )
          : [];
        if (request.accept) {
          // SPEC §4 Proposal `SELECTED → FUNDED`: the funding starts with the accepted agreement (the first money released).
          const [funded]: [Array<{ id: string }>, number] = await manager.query(
            "UPDATE proposal SET state = 'FUNDED', updated_at = clock_timestamp() WHERE id = $1 AND state = 'SELECTED' RETURNING id",
            [project.proposalId],
          );
          if (funded.length > 0) {
            await this.audit.record(manager, {
              actor: request.actor,
              action: 'proposal.funded',
              entityType: 'proposal',
              entityId: project.proposalId,
              before: { state: 'SELECTED' },
              after: { state: 'FUNDED', projectId: project.id },
              businessKey: `proposal-funded:${project.proposalId}`,
            });
          }
        }
        await this.projects.notify(
          manager,
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

  async decideReport(input: ActionInput<DecideReportRequest>): Promise<ProjectActionResult> {
    const { request } = input;
    return this.runner.run(
      input,
      request.actor,
      request.accept ? 'project.report-accepted' : 'project.report-changes-requested',
      async (manager, project) => {
        const [report]: Array<{
          id: string;
          kind: 'MILESTONE' | 'PERIODIC' | 'FINAL';
          state: string;
          milestoneIdx: number | null;
          subject: string;
        }> = await manager.query(
          'SELECT id, kind, state, milestone_idx AS "milestoneIdx", subject FROM project_report WHERE id = $1 AND project_id = $2 FOR UPDATE',
          [request.reportId, project.id],
        );
        if (!report)
          throw refusal('not-found', 'REPORT_NOT_FOUND', `Report ${request.reportId} not found in this project.`, [], {
            reportId: request.reportId,
          });
        if (report.state !== 'SUBMITTED')
          throw refusal(
            'conflict',
            'ILLEGAL_REPORT_TRANSITION',
            `The report is ${report.state}: only a SUBMITTED report is accepted or sent back.`,
            [],
            { state: report.state, allowed: ['SUBMITTED'] },
          );
        const state = request.accept ? 'ACCEPTED' : 'CHANGES_REQUESTED';
        if (report.milestoneIdx !== null)
          await this.moveMilestone(manager, project.id, report.milestoneIdx, request, input.at);
        else if (!request.accept && !request.comment?.trim())
          throw refusal('rule', 'COMMENT_REQUIRED', 'A request for changes carries a comment.', [
            { field: 'comment', code: 'COMMENT_REQUIRED', message: 'Say what has to change.' },
          ]);
        await manager.query(
          'UPDATE project_report SET state = $2, decided_by = $3, decided_at = $4, comment = $5 WHERE id = $1',
          [report.id, state, request.actor.userId, input.at, request.comment?.trim() || null],
        );
        const event: ReleaseEvent | undefined = !request.accept
          ? undefined
          : report.kind === 'MILESTONE'
            ? { kind: 'MILESTONE_REPORT_ACCEPTED', milestoneIndex: report.milestoneIdx! }
            : report.kind === 'FINAL'
              ? { kind: 'FINAL_REPORT_ACCEPTED' }
              : undefined;
        const released = event ? await this.releases.release(manager, project, event, input) : [];
        await this.projects.notify(
          manager,
          project,
          'CONSORTIUM',
          'PROJECT_DECISION',
          {
            outcome: `report ${report.subject} ${request.accept ? 'accepted' : 'sent back for changes'}`,
            reason: request.comment?.trim(),
          },
          `report-${state}:${report.id}`,
        );
        return { projectState: project.state, state, released };
      },
    );
  }

  async changeProjectState(input: ActionInput<ChangeProjectStateRequest>): Promise<ProjectActionResult> {
    const { request } = input;
    return this.runner.run(input, request.actor, `project.${request.event.toLowerCase()}`, async (manager, project) => {
      let next: ReturnType<typeof applyProjectEvent>;
      try {
        next = applyProjectEvent(
          project.state,
          request.event === 'RESUME' ? { kind: 'RESUME' } : { kind: request.event, reason: request.reason ?? '' },
        );
      } catch (error) {
        refused(error);
      }
      await manager.query('UPDATE project SET state = $2, state_reason = $3, ended_at = $4 WHERE id = $1', [
        project.id,
        next.state,
        next.reason ?? null,
        next.state === 'TERMINATED' ? input.at : null,
      ]);
      // Resuming lets out what was earned while suspended (the domain's catch-up).
      const released =
        next.state === 'ACTIVE'
          ? await this.releases.release(manager, { ...project, state: 'ACTIVE' }, undefined, input)
          : [];
      const agencies = await this.projects.agencyIds(manager, project);
      for (const audience of ['CONSORTIUM', { agencyIds: agencies }] as const) {
        await this.projects.notify(
          manager,
          project,
          audience,
          'PROJECT_DECISION',
          { outcome: `project ${next.state.toLowerCase()}`, reason: next.reason },
          `project-${next.state}:${input.updateId}`,
        );
      }
      return { projectState: next.state, state: next.state, released };
    });
  }

  /** The workflow saw the final report accepted and every instalment paid: COMPLETED (re-checked under the lock). */
  async completeProject(input: { projectId: string; at: string }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const project = await this.projects.find(manager, input.projectId, true);
      if (!project || project.state !== 'ACTIVE') return;
      const facts = await this.releases.facts(manager, project);
      const instalments = await this.instalments.ofProposal(manager, project.proposalId);
      try {
        applyProjectEvent(project.state, {
          kind: 'COMPLETE',
          finalReportAccepted: facts.finalReportAccepted,
          instalments,
        });
      } catch (error) {
        if (error instanceof DomainError) return;
        throw error;
      }
      await manager.query("UPDATE project SET state = 'COMPLETED', ended_at = $2 WHERE id = $1", [
        project.id,
        input.at,
      ]);
      await this.audit.record(manager, {
        actor: null,
        action: 'project.completed',
        entityType: 'project',
        entityId: project.id,
        before: { state: 'ACTIVE' },
        after: { state: 'COMPLETED' },
        businessKey: `project-completed:${project.id}`,
      });
      await this.projects.notify(
        manager,
        project,
        'CONSORTIUM',
        'PROJECT_DECISION',
        { outcome: 'project completed' },
        `project-completed:${project.id}`,
      );
    });
  }

  /** The milestone follows its report's decision (domain lifecycle: REPORTED → ACCEPTED | CHANGES_REQUESTED). */
  private async moveMilestone(
    manager: EntityManager,
    projectId: string,
    idx: number,
    request: DecideReportRequest,
    at: string,
  ): Promise<void> {
    const [m]: Array<{ state: string; dueAt: Date; overdueAt: Date }> = await manager.query(
      'SELECT state, due_at AS "dueAt", overdue_at AS "overdueAt" FROM project_milestone WHERE project_id = $1 AND idx = $2 FOR UPDATE',
      [projectId, idx],
    );
    let next;
    try {
      next = applyMilestoneEvent(
        { index: idx, state: m.state as never, dueAt: m.dueAt.toISOString(), overdueAt: m.overdueAt.toISOString() },
        request.accept
          ? { kind: 'REPORT_ACCEPTED', at }
          : { kind: 'CHANGES_REQUESTED', at, comment: request.comment ?? '' },
      );
    } catch (error) {
      refused(error);
    }
    await manager.query(
      'UPDATE project_milestone SET state = $3, accepted_at = $4 WHERE project_id = $1 AND idx = $2',
      [projectId, idx, next.state, next.acceptedAt ?? null],
    );
  }
}
