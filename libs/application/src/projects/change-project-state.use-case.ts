import { Injectable } from '@nestjs/common';
import type { ChangeProjectStateRequest, ProjectActionResult } from '@app/contracts';
import { applyProjectEvent } from '@app/domain';
import { ProjectRepository, WorkflowSignalOutboxRepository } from '@app/persistence';
import { signalCallEndChanged } from '../calls/call-end-signal';
import { ProjectActionRunner, type ProjectActionInput } from './project-action-runner';
import { ProjectReleases } from './project-releases';

/**
 * SPEC §4 Project: the programme manager suspends, resumes (what was earned meanwhile is released) or
 * terminates the project; the consortium and the project's agencies are told.
 */
@Injectable()
export class ChangeProjectStateUseCase {
  constructor(
    private readonly runner: ProjectActionRunner,
    private readonly projects: ProjectRepository,
    private readonly releases: ProjectReleases,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  execute(input: ProjectActionInput<ChangeProjectStateRequest>): Promise<ProjectActionResult> {
    const { request } = input;
    return this.runner.run(input, request.actor, `project.${request.event.toLowerCase()}`, async (tx, project) => {
      const next = applyProjectEvent(
        project.state,
        request.event === 'RESUME' ? { kind: 'RESUME' } : { kind: request.event, reason: request.reason ?? '' },
      );
      await this.projects.transitionProject(tx, project.id, next.state, {
        reason: next.reason ?? null,
        endedAt: next.state === 'TERMINATED' ? input.at : null,
      });
      // A terminated project has ended (SPEC §4): the call may close.
      if (next.state === 'TERMINATED')
        await signalCallEndChanged(this.signals, tx, project.callId, 'project-ended', project.id);
      // Resuming lets out what was earned while suspended (the domain's catch-up).
      const released =
        next.state === 'ACTIVE'
          ? await this.releases.release(tx, { ...project, state: 'ACTIVE' }, undefined, input)
          : [];
      const agencies = await this.projects.agencyIds(tx, project);
      for (const audience of ['CONSORTIUM', { agencyIds: agencies }] as const) {
        await this.projects.notify(
          tx,
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
}
