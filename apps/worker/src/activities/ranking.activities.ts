import { Injectable } from '@nestjs/common';
import { Activity } from '@app/temporal';
import type { CallWorkflowState, FinaliseRankingRequest, FinaliseRankingResult } from '@app/contracts';
import { FinaliseRankingUseCase } from '@app/application';

/** IN_EVALUATION → RANKED (SPEC §4, V7–V8), and stage 2 of a two-stage call: `FinaliseRankingUseCase`. */
@Injectable()
export class RankingActivities {
  constructor(private readonly finalise: FinaliseRankingUseCase) {}

  @Activity()
  finaliseRanking(input: {
    callId: string;
    request: FinaliseRankingRequest;
    updateId: string;
  }): Promise<FinaliseRankingResult & { nextState?: CallWorkflowState }> {
    return this.finalise.execute(input);
  }
}
