import { Module, type DynamicModule } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { AppConfig, AppConfigModule } from '@app/config';
import { ClockModule, LoggingModule } from '@app/common';
import { PersistenceModule } from '@app/persistence';
import { ApplicationModule } from '@app/application';
import { AssignmentsModule } from './assignments/assignments.module';
import { AuthModule } from './auth/auth.module';
import { FundingModule } from './funding/funding.module';
import { ProjectsModule } from './projects/projects.module';
import { CallsModule } from './calls/calls.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { EvaluatorsModule } from './evaluators/evaluators.module';
import { HealthModule } from './health/health.module';
import { IdentityModule } from './identity/identity.module';
import { ProposalsModule } from './proposals/proposals.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RedressModule } from './redress/redress.module';
import { PublicCallsModule } from './public-calls/public-calls.module';
import { MeModule } from './me/me.module';

@Module({})
export class AppModule {
  /** `logDestination` replaces stdout for the request log (tests read it). */
  static forRoot(config: AppConfig, options: { logDestination?: DestinationStream } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ClockModule,
        LoggingModule.forRoot(options.logDestination),
        PersistenceModule,
        ApplicationModule,
        HealthModule,
        RateLimitModule.forRoot(config),
        AuthModule,
        IdentityModule,
        CallsModule,
        ProposalsModule,
        EvaluatorsModule,
        AssignmentsModule,
        FundingModule,
        ProjectsModule,
        RedressModule,
        EvaluationModule,
        DashboardModule,
        PublicCallsModule,
        MeModule,
      ],
    };
  }
}
