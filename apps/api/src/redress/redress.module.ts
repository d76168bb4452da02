import { Module } from '@nestjs/common';
import { ProposalsApplicationModule, RedressApplicationModule } from '@app/application';
import { PersistenceModule } from '@app/persistence';
import { RedressController } from './redress.controller';

/** Redress requests and outcomes (SPEC V9): the use cases come from the application layer. */
@Module({
  imports: [PersistenceModule, ProposalsApplicationModule, RedressApplicationModule],
  controllers: [RedressController],
})
export class RedressModule {}
