import { Module } from '@nestjs/common';
import { CallsApplicationModule } from './calls/calls-application.module';
import { DashboardApplicationModule } from './dashboard/dashboard-application.module';
import { FundingApplicationModule } from './funding/funding-application.module';
import { IdentityApplicationModule } from './identity/identity-application.module';
import { ProjectsApplicationModule } from './projects/projects-application.module';
import { ProposalsApplicationModule } from './proposals/proposals-application.module';
import { RedressApplicationModule } from './redress/redress-application.module';
import { ReferenceApplicationModule } from './reference/reference-application.module';
import { ReviewApplicationModule } from './review/review-application.module';
import { RuntimeProbeApplicationModule } from './runtime-probe/runtime-probe-application.module';

/** One module per feature folder; each provides and exports its use cases. */
const FEATURES = [
  CallsApplicationModule,
  DashboardApplicationModule,
  FundingApplicationModule,
  IdentityApplicationModule,
  ProjectsApplicationModule,
  ProposalsApplicationModule,
  RedressApplicationModule,
  ReferenceApplicationModule,
  ReviewApplicationModule,
  RuntimeProbeApplicationModule,
];

/** Every feature's use cases, for the API and the worker to import once. */
@Module({ imports: FEATURES, exports: FEATURES })
export class ApplicationModule {}
