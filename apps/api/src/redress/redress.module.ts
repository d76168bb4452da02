import { Module } from '@nestjs/common';
import { PersistenceModule, RedressRepository } from '@app/persistence';
import { ProposalAccess } from '../proposals/proposal-access';
import { DecideRedressUseCase } from './decide-redress.use-case';
import { FileRedressUseCase } from './file-redress.use-case';
import { RedressController } from './redress.controller';
import { RedressDecisionHook } from './redress-decision.hook';
import { RedressReopening } from './redress-reopening';

/**
 * Redress requests and outcomes (SPEC V9, issue 7 part 8). `ProposalAccess` (stateless, built from
 * persistence) is provided here as well rather than exported from the proposals module; so is
 * `RedressRepository`, which only this module uses.
 */
@Module({
  imports: [PersistenceModule],
  controllers: [RedressController],
  providers: [
    ProposalAccess,
    RedressRepository,
    FileRedressUseCase,
    DecideRedressUseCase,
    RedressReopening,
    RedressDecisionHook,
  ],
})
export class RedressModule {}
