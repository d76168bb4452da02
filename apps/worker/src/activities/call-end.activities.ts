import { Injectable } from '@nestjs/common';
import { Activity } from '@app/temporal';
import { AdvanceCallEndUseCase, ReadCallEndFactsUseCase } from '@app/application';
import type { CallEndActivities as CallEndActivitiesContract } from '@app/contracts';

/** The call's end (SPEC §4 DECIDED → MONITORING → CLOSED): the facts its workflow decides on, and the move. */
@Injectable()
export class CallEndActivities implements CallEndActivitiesContract {
  constructor(
    private readonly readCallEndFactsUseCase: ReadCallEndFactsUseCase,
    private readonly advanceCallEndUseCase: AdvanceCallEndUseCase,
  ) {}

  @Activity()
  callEndFacts(input: Parameters<CallEndActivitiesContract['callEndFacts']>[0]) {
    return this.readCallEndFactsUseCase.execute(input);
  }

  @Activity()
  advanceCallEnd(input: Parameters<CallEndActivitiesContract['advanceCallEnd']>[0]) {
    return this.advanceCallEndUseCase.execute(input);
  }
}
