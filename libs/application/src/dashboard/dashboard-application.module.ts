import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { DashboardQuery } from './dashboard.query';

/** The programme dashboard (SPEC M5): the read model's rows through the domain's monitoring rules. */
@Module({ imports: [PersistenceModule], providers: [DashboardQuery], exports: [DashboardQuery] })
export class DashboardApplicationModule {}
