import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, uuidParam, type Principal } from '@app/common';
import { ReadProposalOutcomeUseCase } from '@app/application';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { ProposalOutcomeDto } from './funding.response.dto';

/** `GET /proposals/{id}/outcome` (SPEC F4, V8): the applicants' own result of the funding decision. */
@ApiTags('funding decision')
@ApiBearerAuth()
@Controller('proposals/:id/outcome')
export class ProposalOutcomeController {
  constructor(private readonly readOutcome: ReadProposalOutcomeUseCase) {}

  @Get()
  @ApiOperation({
    summary:
      'The funding decision’s outcome for this proposal, with the evaluation summary report and the grants ' +
      '(its applicants and programme managers)',
    description:
      '`{ status: "PENDING" }` until every agency has approved the decision. Then: SELECTED (approved, or with ' +
      'the conditions of the agencies concerned), RESERVE, NOT_FUNDED or BELOW_THRESHOLD; the consensus score ' +
      'and comment per criterion and the weighted total (no evaluator identities); the grants with instalments ' +
      '— every partner’s for the coordinator’s members, only its own organisation’s for another partner. ' +
      'Agency officers, evaluators and other applicants get 404.',
  })
  @ApiOkResponse({ type: ProposalOutcomeDto })
  @ApiErrorCodes('NOT_FOUND')
  outcome(@Param('id', uuidParam('id')) proposalId: string, @CurrentUser() user: Principal) {
    return this.readOutcome.execute({ user, proposalId });
  }
}
