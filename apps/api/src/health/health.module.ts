import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { TemporalClientModule } from '@app/temporal';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  imports: [PersistenceModule, TemporalClientModule],
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
