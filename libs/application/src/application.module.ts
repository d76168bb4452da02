import { Module } from '@nestjs/common';
import { ProjectsApplicationModule } from './projects/projects-application.module';
import { ReviewApplicationModule } from './review/review-application.module';

/**
 * Every feature's use cases, for the API and the worker to import once. A feature module provides and
 * exports its use cases; add it to both lists below.
 */
@Module({
  imports: [ProjectsApplicationModule, ReviewApplicationModule],
  exports: [ProjectsApplicationModule, ReviewApplicationModule],
})
export class ApplicationModule {}
