import { Body, Controller, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnswerCommitmentRequestUseCase, ProposeCommitmentTermsUseCase } from '@app/application';
import { CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import type { CommitmentResult } from '@app/contracts';
import type { CommitmentTerms } from '@app/domain';
import { CommitmentTermsDto, DeclineCommitmentRequestDto } from './call.dto';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { CommitmentResultDto } from './call.response.dto';

/**
 * An agency's answer to a call (SPEC A1): its officers propose, change, confirm or decline — through the call
 * workflow.
 */
@ApiTags('commitments')
@ApiBearerAuth()
@Roles('AGENCY_OFFICER')
@ApiErrorCodes('NOT_FOUND', 'AGENCY_NOT_INVITED', 'CALL_STATE_CONFLICT')
@Controller('calls/:id/commitments/:agencyId')
export class CommitmentsController {
  constructor(
    private readonly proposeTerms: ProposeCommitmentTermsUseCase,
    private readonly answer: AnswerCommitmentRequestUseCase,
  ) {}

  @Put()
  @ApiOperation({ summary: 'Propose or change the amount, flexibility and regional rules (officers of that agency)' })
  @ApiOkResponse({ type: CommitmentResultDto })
  @ApiErrorCodes('COMMITMENT_RULES_BROKEN', 'COMMITMENT_STATE_CONFLICT', 'ILLEGAL_COMMITMENT_TRANSITION')
  async put(
    @Param('id', uuidParam('id')) id: string,
    @Param('agencyId', uuidParam('agencyId')) agencyId: string,
    @Body() body: CommitmentTermsDto,
    @CurrentUser() user: Principal,
  ): Promise<CommitmentResult> {
    const terms: CommitmentTerms = {
      currency: body.currency,
      amount: body.amount,
      flexibility: body.flexibility ?? 0,
      rules: { ...body.rules, extraReportFields: body.rules.extraReportFields ?? [] } as CommitmentTerms['rules'],
    };
    return this.proposeTerms.execute(user, id, agencyId, terms);
  }

  @Post('confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Confirm the proposed commitment (during the alignment)' })
  @ApiOkResponse({ type: CommitmentResultDto })
  @ApiErrorCodes('COMMITMENT_STATE_CONFLICT', 'COMMITMENT_NOT_PROPOSED', 'ILLEGAL_COMMITMENT_TRANSITION')
  async confirm(
    @Param('id', uuidParam('id')) id: string,
    @Param('agencyId', uuidParam('agencyId')) agencyId: string,
    @CurrentUser() user: Principal,
  ): Promise<CommitmentResult> {
    return this.answer.execute(user, id, agencyId, { answer: 'CONFIRM' });
  }

  @Post('decline')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Decline to take part (during the alignment), with a reason' })
  @ApiOkResponse({ type: CommitmentResultDto })
  @ApiErrorCodes('COMMITMENT_STATE_CONFLICT', 'DECLINE_REASON_REQUIRED', 'ILLEGAL_COMMITMENT_TRANSITION')
  async decline(
    @Param('id', uuidParam('id')) id: string,
    @Param('agencyId', uuidParam('agencyId')) agencyId: string,
    @Body() body: DeclineCommitmentRequestDto,
    @CurrentUser() user: Principal,
  ): Promise<CommitmentResult> {
    return this.answer.execute(user, id, agencyId, { answer: 'DECLINE', reason: body.reason });
  }
}
