import { Module } from '@nestjs/common';
import { CallsApplicationModule } from './calls/calls-application.module';
import { ProposalsApplicationModule } from './proposals/proposals-application.module';
import { RedressApplicationModule } from './redress/redress-application.module';

/**
 * Every feature's use cases, for the API and the worker to import once. A feature module provides and
 * exports its use cases; add it to both lists below.
 */
@Module({
  imports: [CallsApplicationModule, ProposalsApplicationModule, RedressApplicationModule],
  exports: [CallsApplicationModule, ProposalsApplicationModule, RedressApplicationModule],
})
export class ApplicationModule {}
