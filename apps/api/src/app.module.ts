import { Module, type DynamicModule } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { AppConfig, AppConfigModule } from '@app/config';
import { LoggingModule } from '@app/common';
import { PersistenceModule } from '@app/persistence';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule {
  /** `logDestination` replaces stdout for the request log (tests read it). */
  static forRoot(config: AppConfig, options: { logDestination?: DestinationStream } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [AppConfigModule.forRoot(config), LoggingModule.forRoot(options.logDestination), PersistenceModule, HealthModule],
    };
  }
}
