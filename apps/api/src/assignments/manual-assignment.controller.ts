import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { auditRoleOf, Clock, CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { AssignEvaluatorManuallyUseCase } from '@app/application';
import { ManualAssignmentDto, ManualAssignmentView } from './assignment.dto';
import { assignmentView } from './assignment-view';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

/**
 * The programme manager's override of a pair (SPEC V4): a chosen evaluator for a proposal, optionally in
 * place of an open assignment, which is withdrawn (`AssignEvaluatorManuallyUseCase`).
 */
@ApiTags('assignments')
@ApiBearerAuth()
@Controller('calls/:id/assignments')
export class ManualAssignmentController {
  constructor(
    private readonly assignManually: AssignEvaluatorManuallyUseCase,
    private readonly clock: Clock,
  ) {}

  @Roles('PROGRAMME_MANAGER')
  @Post()
  @ApiOperation({
    summary:
      'Assign an evaluator by hand, optionally replacing an open assignment (V2 and V3 still hold; reports the ' +
      'affinity lost)',
  })
  @ApiCreatedResponse({ type: ManualAssignmentView })
  @ApiErrorCodes(
    'NOT_FOUND',
    'CALL_STATE_CONFLICT',
    'PROPOSAL_STATE_CONFLICT',
    'OVERRIDE_REFUSED',
    'OVERRIDE_UNKNOWN_ID',
  )
  async assign(
    @Param('id', uuidParam('id')) callId: string,
    @Body() body: ManualAssignmentDto,
    @CurrentUser() user: Principal,
  ): Promise<ManualAssignmentView> {
    const { assignment, affinityLoss } = await this.assignManually.execute({
      callId,
      proposalId: body.proposalId,
      evaluatorId: body.evaluatorId,
      ...(body.replacesAssignmentId !== undefined ? { replacesAssignmentId: body.replacesAssignmentId } : {}),
      reason: body.reason,
      actor: { userId: user.userId, role: auditRoleOf(user) },
      now: this.clock.now(),
    });
    return { ...assignmentView(assignment), affinityLoss };
  }
}
