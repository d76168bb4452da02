import { Module } from '@nestjs/common';
import { ClockModule } from '@app/common';
import { ApplicationModule } from '@app/application';
import { PersistenceModule } from '@app/persistence';
import { ACTIVITY_PROVIDERS, ActivitiesRegistry } from './activities.registry';

/** The worker's activities and their registry; the worker and the time-skipping test harness import it. */
@Module({
  imports: [ClockModule, PersistenceModule, ApplicationModule],
  providers: [...ACTIVITY_PROVIDERS, ActivitiesRegistry],
  exports: [ActivitiesRegistry],
})
export class ActivitiesModule {}
