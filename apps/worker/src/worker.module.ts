import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@app/config';
import { LoggingModule } from '@app/common';
import { PersistenceModule } from '@app/persistence';
import { ActivitiesRegistry } from './activities/activities.registry';
import { RuntimeProbeActivitiesService } from './activities/runtime-probe.activities';
import { TemporalWorkerService } from './temporal-worker.service';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [AppConfigModule.forRoot(config), LoggingModule.forRoot(), PersistenceModule],
      providers: [RuntimeProbeActivitiesService, ActivitiesRegistry, TemporalWorkerService],
    };
  }
}
