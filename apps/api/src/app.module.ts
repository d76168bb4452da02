import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@app/config';
import { LoggingModule } from '@app/common';
import { PersistenceModule } from '@app/persistence';
import { HealthModule } from './health/health.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [AppConfigModule.forRoot(config), LoggingModule.forRoot(), PersistenceModule, HealthModule],
    };
  }
}
