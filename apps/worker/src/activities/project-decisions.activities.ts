import { Injectable } from '@nestjs/common';
import { Activity } from '@app/temporal';
import type {
  ChangeProjectStateRequest,
  DecideConsortiumAgreementRequest,
  DecideReportRequest,
  ProjectActionResult,
} from '@app/contracts';
import {
  ChangeProjectStateUseCase,
  CompleteProjectUseCase,
  DecideConsortiumAgreementUseCase,
  DecideProjectReportUseCase,
  type ProjectActionInput,
} from '@app/application';

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
    private readonly agreement: DecideConsortiumAgreementUseCase,
    private readonly report: DecideProjectReportUseCase,
    private readonly state: ChangeProjectStateUseCase,
    private readonly completion: CompleteProjectUseCase,
  ) {}

  @Activity()
  decideConsortiumAgreement(input: ProjectActionInput<DecideConsortiumAgreementRequest>): Promise<ProjectActionResult> {
    return this.agreement.execute(input);
  }

  @Activity()
  decideReport(input: ProjectActionInput<DecideReportRequest>): Promise<ProjectActionResult> {
    return this.report.execute(input);
  }

  @Activity()
  changeProjectState(input: ProjectActionInput<ChangeProjectStateRequest>): Promise<ProjectActionResult> {
    return this.state.execute(input);
  }

  /** The workflow saw the final report accepted and every instalment paid: COMPLETED (re-checked under the lock). */
  @Activity()
  completeProject(input: { projectId: string; at: string }): Promise<void> {
    return this.completion.execute(input);
  }
}
