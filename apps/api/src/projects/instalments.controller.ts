import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { ConfirmInstalmentPaymentUseCase } from '@app/application';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { InstalmentPaidDto } from './project.response.dto';

/**
 * SPEC M4, §9 `POST /instalments/{id}/confirm-payment`: the agency of the grant confirms it paid a RELEASED
 * instalment — PAID with its ledger entry, under the commitment's row lock (paid ≤ released per region, a
 * CHECK in the database); a second confirmation is refused with 409 naming the state. An officer of any
 * other agency gets 404.
 */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('instalments')
export class InstalmentsController {
  constructor(private readonly confirm: ConfirmInstalmentPaymentUseCase) {}

  @Roles('AGENCY_OFFICER')
  @Post(':id/confirm-payment')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Confirm that your agency paid a released instalment (RELEASED → PAID)' })
  @ApiOkResponse({ type: InstalmentPaidDto })
  @ApiErrorCodes('NOT_FOUND', 'ILLEGAL_INSTALMENT_TRANSITION')
  async confirmPayment(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal) {
    return this.confirm.execute({ user, instalmentId: id });
  }
}
