import { Injectable } from '@nestjs/common';
import { Activity } from '@app/temporal';
import type { AnswerAmendmentRequest, ProjectActionResult } from '@app/contracts';
import { AnswerAmendmentUseCase, type ProjectActionInput } from '@app/application';

/**
 * Amendments (SPEC M6): each affected agency's answer is an update of the project workflow; the last
 * approval applies the amendment in the same transaction (`AnswerAmendmentUseCase`).
 */
@Injectable()
export class ProjectAmendmentActivitiesService {
  constructor(private readonly answer: AnswerAmendmentUseCase) {}

  @Activity()
  answerAmendment(input: ProjectActionInput<AnswerAmendmentRequest>): Promise<ProjectActionResult> {
    return this.answer.execute(input);
  }
}
