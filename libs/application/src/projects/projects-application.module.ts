import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { AlertReportOverdueUseCase } from './alert-report-overdue.use-case';
import { AnswerAmendmentUseCase } from './answer-amendment.use-case';
import { ChangeProjectStateUseCase } from './change-project-state.use-case';
import { CompleteProjectUseCase } from './complete-project.use-case';
import { ConfirmInstalmentPaymentUseCase } from './confirm-instalment-payment.use-case';
import { DecideConsortiumAgreementUseCase } from './decide-consortium-agreement.use-case';
import { DecideProjectReportUseCase } from './decide-project-report.use-case';
import { LoadProjectScheduleUseCase } from './load-project-schedule.use-case';
import { MarkMilestoneOverdueUseCase } from './mark-milestone-overdue.use-case';
import { OpenProjectUseCase } from './open-project.use-case';
import { ProjectAccess } from './project-access';
import { ProjectActionRunner } from './project-action-runner';
import { ProjectReleases } from './project-releases';
import { ProjectReportSchedule } from './project-report-schedule';
import { RemindMilestoneUseCase } from './remind-milestone.use-case';
import { RemindReportUseCase } from './remind-report.use-case';
import { RequestAmendmentUseCase } from './request-amendment.use-case';
import { SubmitProjectReportUseCase } from './submit-project-report.use-case';
import { UploadConsortiumAgreementUseCase } from './upload-consortium-agreement.use-case';

const USE_CASES = [
  OpenProjectUseCase,
  LoadProjectScheduleUseCase,
  RemindMilestoneUseCase,
  MarkMilestoneOverdueUseCase,
  RemindReportUseCase,
  AlertReportOverdueUseCase,
  DecideConsortiumAgreementUseCase,
  DecideProjectReportUseCase,
  ChangeProjectStateUseCase,
  CompleteProjectUseCase,
  AnswerAmendmentUseCase,
  SubmitProjectReportUseCase,
  UploadConsortiumAgreementUseCase,
  RequestAmendmentUseCase,
  ConfirmInstalmentPaymentUseCase,
];

/** Funded projects (SPEC §3 Project, M2–M6): opening, monitoring, decisions, reports, amendments, payments. */
@Module({
  imports: [PersistenceModule],
  providers: [ProjectAccess, ProjectActionRunner, ProjectReleases, ProjectReportSchedule, ...USE_CASES],
  exports: [ProjectAccess, ...USE_CASES],
})
export class ProjectsApplicationModule {}
