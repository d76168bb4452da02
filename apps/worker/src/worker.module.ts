import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@app/config';
import { ClockModule, LoggingModule } from '@app/common';
import { PersistenceModule } from '@app/persistence';
import { ApplicationModule } from '@app/application';
import { TemporalClientModule } from '@app/temporal';
import { ActivitiesRegistry } from './activities/activities.registry';
import { CallLifecycleActivities } from './activities/call-lifecycle.activities';
import { EligibilityPhaseActivities } from './activities/eligibility-phase.activities';
import { ReviewAssignmentActivities } from './activities/review-assignment.activities';
import { AutoAssignmentActivities } from './activities/auto-assignment.activities';
import { FundingDecisionActivitiesService } from './activities/funding-decision.activities';
import { ProjectAmendmentActivitiesService } from './activities/project-amendments.activities';
import { ProjectDecisionActivitiesService } from './activities/project-decisions.activities';
import { ProjectActivitiesService } from './activities/project.activities';
import { RankingActivities } from './activities/ranking.activities';
import { RuntimeProbeActivitiesService } from './activities/runtime-probe.activities';
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
      ],
      providers: [
        RuntimeProbeActivitiesService,
        CallLifecycleActivities,
        EligibilityPhaseActivities,
        ReviewAssignmentActivities,
        AutoAssignmentActivities,
        RankingActivities,
        FundingDecisionActivitiesService,
        ProjectActivitiesService,
        ProjectDecisionActivitiesService,
        ProjectAmendmentActivitiesService,
        ActivitiesRegistry,
        TemporalWorkerService,
        mailTransportProvider,
        OutboxDeliveryService,
        DigestService,
        WorkflowSignalRelayService,
      ],
    };
  }
}
