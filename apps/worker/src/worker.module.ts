import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@app/config';
import { ClockModule, LoggingModule } from '@app/common';
import { PersistenceModule } from '@app/persistence';
import { ApplicationModule } from '@app/application';
import { TemporalClientModule } from '@app/temporal';
import { ActivitiesModule } from './activities/activities.module';
import { DigestService } from './notifications/digest.service';
import { mailTransportProvider } from './notifications/mail-transport.provider';
import { OutboxDeliveryService } from './notifications/outbox-delivery.service';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkflowSignalRelayService } from './workflow-signals/workflow-signal-relay.service';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        ClockModule,
        LoggingModule.forRoot(),
        PersistenceModule,
        ApplicationModule,
        TemporalClientModule,
        ActivitiesModule,
      ],
      providers: [
        TemporalWorkerService,
        mailTransportProvider,
        OutboxDeliveryService,
        DigestService,
        WorkflowSignalRelayService,
      ],
    };
  }
}
