import { Controller, HttpCode, HttpStatus, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { closeReserveListUpdate } from '@app/contracts';
import { auditRoleOf, CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { CallRepository, UnitOfWork } from '@app/persistence';
import { CallWorkflowClient } from '../calls/call-workflow.client';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { ReserveListClosedDto } from './funding.response.dto';

/**
 * F5: closing the reserve list once DECIDED (a call-workflow update, refused while a promotion awaits the agencies).
 */
@ApiTags('funding decision')
@ApiBearerAuth()
@Controller('calls/:id/funding-decision')
export class ReserveListController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly workflow: CallWorkflowClient,
  ) {}

  @Roles('PROGRAMME_MANAGER')
  @Post('close-reserve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Close the reserve list: RESERVE proposals become NOT_FUNDED and are told (F5)' })
  @ApiOkResponse({ type: ReserveListClosedDto })
  @ApiErrorCodes('NOT_FOUND', 'CALL_STATE_CONFLICT', 'DECISION_AWAITING_AGENCIES')
  async close(@Param('id', uuidParam('id')) callId: string, @CurrentUser() user: Principal) {
    const call = await this.uow.read((tx) => this.calls.find(tx, callId));
    if (!call) throw new NotFoundException(`Call ${callId} not found.`);
    return this.workflow.update(
      callId,
      closeReserveListUpdate,
      { actor: { userId: user.userId, role: auditRoleOf(user) } },
      call.state,
    );
  }
}
