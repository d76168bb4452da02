import { Module } from '@nestjs/common';
import { FundingApplicationModule } from './funding/funding-application.module';
import { ProjectsApplicationModule } from './projects/projects-application.module';
import { ReviewApplicationModule } from './review/review-application.module';

/**
 * Every feature's use cases, for the API and the worker to import once. A feature module provides and
 * exports its use cases; add it to both lists below.
 */
@Module({
  imports: [FundingApplicationModule, ProjectsApplicationModule, ReviewApplicationModule],
  exports: [FundingApplicationModule, ProjectsApplicationModule, ReviewApplicationModule],
})
export class ApplicationModule {}
