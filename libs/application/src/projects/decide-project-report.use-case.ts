import { Injectable } from '@nestjs/common';
import type { DecideReportRequest, ProjectActionResult } from '@app/contracts';
import { applyMilestoneEvent, DomainError, type ReleaseEvent } from '@app/domain';
import { ProjectReportRepository, ProjectRepository, type Tx } from '@app/persistence';
import { ProjectActionRunner, type ProjectActionInput } from './project-action-runner';
import { ProjectReleases } from './project-releases';

/**
 * The programme manager accepts a submitted report — its milestone ACCEPTED and the linked instalments
 * released — or sends it back with a comment (SPEC M4).
 */
@Injectable()
export class DecideProjectReportUseCase {
  constructor(
    private readonly runner: ProjectActionRunner,
    private readonly projects: ProjectRepository,
    private readonly reports: ProjectReportRepository,
    private readonly releases: ProjectReleases,
  ) {}

  execute(input: ProjectActionInput<DecideReportRequest>): Promise<ProjectActionResult> {
    const { request } = input;
    return this.runner.run(
      input,
      request.actor,
      request.accept ? 'project.report-accepted' : 'project.report-changes-requested',
      async (tx, project) => {
        const report = await this.reports.find(tx, project.id, request.reportId, true);
        if (!report)
          throw new DomainError(
            'REPORT_NOT_FOUND',
            `Report ${request.reportId} not found in this project.`,
            'not-found',
            [],
            { reportId: request.reportId },
          );
        if (report.state !== 'SUBMITTED')
          throw new DomainError(
            'ILLEGAL_REPORT_TRANSITION',
            `The report is ${report.state}: only a SUBMITTED report is accepted or sent back.`,
            'conflict',
            [],
            { state: report.state, allowed: ['SUBMITTED'] },
          );
        const state = request.accept ? 'ACCEPTED' : 'CHANGES_REQUESTED';
        if (report.milestoneIdx !== null)
          await this.moveMilestone(tx, project.id, report.milestoneIdx, request, input.at);
        else if (!request.accept && !request.comment?.trim())
          throw new DomainError('COMMENT_REQUIRED', 'A request for changes carries a comment.', 'rule', [
            { field: 'comment', code: 'COMMENT_REQUIRED', message: 'Say what has to change.' },
          ]);
        await this.reports.transitionReport(tx, report.id, state, {
          decidedBy: request.actor.userId,
          at: input.at,
          comment: request.comment?.trim() || null,
        });
        const event: ReleaseEvent | undefined = !request.accept
          ? undefined
          : report.kind === 'MILESTONE'
            ? { kind: 'MILESTONE_REPORT_ACCEPTED', milestoneIndex: report.milestoneIdx! }
            : report.kind === 'FINAL'
              ? { kind: 'FINAL_REPORT_ACCEPTED' }
              : undefined;
        const released = event ? await this.releases.release(tx, project, event, input) : [];
        await this.projects.notify(
          tx,
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

  /** The milestone follows its report's decision (domain lifecycle: REPORTED → ACCEPTED | CHANGES_REQUESTED). */
  private async moveMilestone(
    tx: Tx,
    projectId: string,
    idx: number,
    request: DecideReportRequest,
    at: string,
  ): Promise<void> {
    const m = (await this.projects.lockedMilestone(tx, projectId, idx))!;
    const next = applyMilestoneEvent(
      { index: idx, state: m.state, dueAt: m.dueAt.toISOString(), overdueAt: m.overdueAt.toISOString() },
      request.accept
        ? { kind: 'REPORT_ACCEPTED', at }
        : { kind: 'CHANGES_REQUESTED', at, comment: request.comment ?? '' },
    );
    await this.projects.transitionMilestone(tx, projectId, idx, next.state, { acceptedAt: next.acceptedAt ?? null });
  }
}
