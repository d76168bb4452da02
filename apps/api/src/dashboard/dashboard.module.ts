import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { CallsModule } from '../calls/calls.module';
import { DashboardController } from './dashboard.controller';
import { DashboardQuery } from './dashboard-query';

/** The programme dashboard (SPEC M5): per call and over every call, each table exportable as CSV or XLSX. */
@Module({
  imports: [PersistenceModule, CallsModule],
  controllers: [DashboardController],
  providers: [DashboardQuery],
})
export class DashboardModule {}
