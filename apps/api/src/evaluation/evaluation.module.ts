import { Module } from '@nestjs/common';
import { ApplicationModule } from '@app/application';
import { PersistenceModule } from '@app/persistence';
import { ProposalEvaluationController } from './proposal-evaluation.controller';
import { RankingController } from './ranking.controller';
import { RankingService } from './ranking.service';

/** Rapporteurs, individual reviews, consensus and the ranking with its exports (SPEC §5 V6–V8, §9). */
@Module({
  imports: [PersistenceModule, ApplicationModule],
  controllers: [ProposalEvaluationController, RankingController],
  providers: [RankingService],
  exports: [RankingService],
})
export class EvaluationModule {}
