import { Module } from '@nestjs/common';
import { DashboardApplicationModule } from '@app/application';
import { PersistenceModule } from '@app/persistence';
import { CallsModule } from '../calls/calls.module';
import { DashboardController } from './dashboard.controller';

/** The programme dashboard (SPEC M5): per call and over every call, each table exportable as CSV or XLSX. */
@Module({
  imports: [PersistenceModule, CallsModule, DashboardApplicationModule],
  controllers: [DashboardController],
})
export class DashboardModule {}
