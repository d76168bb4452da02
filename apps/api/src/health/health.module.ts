import { Module } from '@nestjs/common';
import { TemporalClientModule } from '@app/temporal';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({ imports: [TemporalClientModule], controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
