import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/config';
import { buildDataSourceOptions } from './data-source-options';
import { UnitOfWork } from './unit-of-work';
import { RuntimeProbeRepository } from './repositories/runtime-probe.repository';
import { AuditWriter } from './writers/audit.writer';
import { OutboxRepository } from './repositories/outbox.repository';
import { OrganisationRepository } from './repositories/organisation.repository';
import { UserRepository } from './repositories/user.repository';
import { ReferenceDataRepository } from './repositories/reference-data.repository';
import { CallRepository } from './repositories/call.repository';
import { ProposalRepository } from './repositories/proposal.repository';
import { IdempotencyStore } from './repositories/idempotency.store';
import { WorkflowSignalOutboxRepository } from './repositories/workflow-signal-outbox.repository';
import { OutboxWriter } from './writers/outbox.writer';
import { ReviewAssignmentRepository } from './repositories/review-assignment.repository';
import { JobRepository } from './repositories/job.repository';
import { EvaluatorPoolRepository } from './repositories/evaluator-pool.repository';
import { ProposalEvaluationRepository } from './repositories/proposal-evaluation.repository';
import { RankingRepository } from './repositories/ranking.repository';
import { BudgetLedgerRepository } from './repositories/budget-ledger.repository';
import { ProjectRepository } from './repositories/project.repository';
import { ProjectAmendmentRepository } from './repositories/project-amendment.repository';
import { ProjectReportRepository } from './repositories/project-report.repository';
import { AttachmentBlobRepository } from './repositories/attachment-blob.repository';
import { FundingInputRepository } from './repositories/funding-input.repository';
import { EligibilityRepository } from './repositories/eligibility.repository';
import { RedressRepository } from './repositories/redress.repository';
import { AttachmentRepository } from './repositories/attachment.repository';
import { RegionalAnnexRepository } from './repositories/regional-annex.repository';
import { PublicCallReadModel } from './read-models/public-call.read-model';
import { MyProposalReadModel } from './read-models/my-proposal.read-model';
import { TaskInboxReadModel } from './read-models/tasks/task-inbox.read-model';
import { OrganisationDirectoryReadModel } from './read-models/organisation-directory.read-model';
import { ProjectViewReadModel } from './read-models/project-view.read-model';
import { FundingDecisionRepository } from './repositories/funding-decision.repository';
import { GrantRepository } from './repositories/grant.repository';
import { FundingDecisionReadModel } from './read-models/funding-decision.read-model';
import { DatabaseHealth } from './database-health';
import { UserTokenRepository } from './repositories/user-token.repository';
import { LoginAttemptRepository } from './repositories/login-attempt.repository';
import { AuditTrailReadModel } from './read-models/audit-trail.read-model';
import { UserProfileReadModel } from './read-models/user-profile.read-model';
import { DashboardReadModel } from './read-models/dashboard.read-model';
import { ProposalTimerFactsReadModel } from './read-models/proposal-timer-facts.read-model';
import { CallEndFactsReadModel } from './read-models/call-end-facts.read-model';

/** Every repository, read model and writer, with the unit of work: provided once, exported to the features. */
const PROVIDERS = [
  UnitOfWork,
  RuntimeProbeRepository,
  OutboxWriter,
  AuditWriter,
  OrganisationRepository,
  UserRepository,
  ReferenceDataRepository,
  OutboxRepository,
  CallRepository,
  ProposalRepository,
  IdempotencyStore,
  WorkflowSignalOutboxRepository,
  EvaluatorPoolRepository,
  ReviewAssignmentRepository,
  JobRepository,
  ProposalEvaluationRepository,
  RankingRepository,
  BudgetLedgerRepository,
  FundingInputRepository,
  ProjectRepository,
  ProjectAmendmentRepository,
  ProjectReportRepository,
  AttachmentBlobRepository,
  PublicCallReadModel,
  MyProposalReadModel,
  TaskInboxReadModel,
  OrganisationDirectoryReadModel,
  ProjectViewReadModel,
  FundingDecisionRepository,
  GrantRepository,
  FundingDecisionReadModel,
  DatabaseHealth,
  UserTokenRepository,
  LoginAttemptRepository,
  AuditTrailReadModel,
  UserProfileReadModel,
  DashboardReadModel,
  ProposalTimerFactsReadModel,
  CallEndFactsReadModel,
  EligibilityRepository,
  RedressRepository,
  AttachmentRepository,
  RegionalAnnexRepository,
];

/** The database for a Nest application (API or worker): one pooled DataSource and the repositories. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        buildDataSourceOptions({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE }),
    }),
  ],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class PersistenceModule {}
