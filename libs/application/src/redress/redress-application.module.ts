import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { ProposalsApplicationModule } from '../proposals/proposals-application.module';
import { DecideRedressUseCase } from './decide-redress.use-case';
import { FileRedressUseCase } from './file-redress.use-case';
import { RedressDecisionHook } from './redress-decision.hook';
import { RedressReopening } from './redress-reopening';

/** Redress requests and their outcomes (SPEC V9). */
@Module({
  imports: [PersistenceModule, ProposalsApplicationModule],
  providers: [RedressReopening, RedressDecisionHook, FileRedressUseCase, DecideRedressUseCase],
  exports: [FileRedressUseCase, DecideRedressUseCase],
})
export class RedressApplicationModule {}
