import { Module } from '@nestjs/common';
import { DashboardApplicationModule } from './dashboard/dashboard-application.module';
import { IdentityApplicationModule } from './identity/identity-application.module';
import { ReferenceApplicationModule } from './reference/reference-application.module';
import { RuntimeProbeApplicationModule } from './runtime-probe/runtime-probe-application.module';

/**
 * Every feature's use cases, for the API and the worker to import once. A feature module provides and
 * exports its use cases; add it to both lists below.
 */
@Module({
  imports: [
    IdentityApplicationModule,
    ReferenceApplicationModule,
    RuntimeProbeApplicationModule,
    DashboardApplicationModule,
  ],
  exports: [
    IdentityApplicationModule,
    ReferenceApplicationModule,
    RuntimeProbeApplicationModule,
    DashboardApplicationModule,
  ],
})
export class ApplicationModule {}
