import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { agencyIdsOf, auditRoleOf, CurrentUser, hasRole, Roles, uuidParam, type Principal } from '@app/common';
import { WithdrawGrantUseCase } from '@app/application';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { GrantWithdrawnDto } from './funding.response.dto';

export class WithdrawGrantDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) reason!: string;
}

/**
 * A partner's grant fails before signature (SPEC F5): the partner's agency or a programme manager
 * withdraws it, with a reason, while no instalment has been released. Its allocation leaves the ledger
 * in the same transaction (under the commitments' locks), so the freed budget can fund the next reserve
 * proposal: the programme managers are told and propose the promotion (`POST …/funding-decision`).
 */
@ApiTags('funding decision')
@ApiBearerAuth()
@Controller('grants')
export class GrantsController {
  constructor(private readonly withdrawGrant: WithdrawGrantUseCase) {}

  @Roles('PROGRAMME_MANAGER', 'AGENCY_OFFICER')
  @Post(':id/withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Withdraw a grant before signature (its agency or a programme manager), freeing its budget for the ' +
      'reserve list (F5)',
  })
  @ApiOkResponse({ type: GrantWithdrawnDto })
  @ApiErrorCodes('NOT_FOUND', 'GRANT_STATE_CONFLICT', 'GRANT_ALREADY_RUNNING')
  async withdraw(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: WithdrawGrantDto,
    @CurrentUser() user: Principal,
  ) {
    return this.withdrawGrant.execute({
      grantId: id,
      reason: body.reason,
      actor: { userId: user.userId, role: auditRoleOf(user) },
      agencyIds: hasRole(user, 'PROGRAMME_MANAGER') ? null : agencyIdsOf(user),
    });
  }
}
