import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { ProposalAccess } from '../proposals/proposal-access';
import { DecideRedressUseCase } from './decide-redress.use-case';
import { FileRedressUseCase } from './file-redress.use-case';
import { RedressDecisionHook } from './redress-decision.hook';
import { RedressReopening } from './redress-reopening';

/** Redress requests and their outcomes (SPEC V9). */
@Module({
  imports: [PersistenceModule],
  providers: [ProposalAccess, RedressReopening, RedressDecisionHook, FileRedressUseCase, DecideRedressUseCase],
  exports: [FileRedressUseCase, DecideRedressUseCase],
})
export class RedressApplicationModule {}
