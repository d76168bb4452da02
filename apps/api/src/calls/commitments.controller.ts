import { Body, Controller, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { auditRoleOf, CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { answerCommitmentUpdate, putCommitmentUpdate, type CommitmentResult } from '@app/contracts';
import { DomainError, validateCommitmentTerms, type CommitmentTerms } from '@app/domain';
import { UnitOfWork } from '@app/persistence';
import { CallAccess } from './call-access';
import { CallWorkflowClient } from './call-workflow.client';
import { CommitmentTermsDto, DeclineCommitmentRequestDto } from './call.dto';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { CommitmentResultDto } from './call.response.dto';

const actorOf = (user: Principal) => ({ userId: user.userId, role: auditRoleOf(user) });

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
    private readonly uow: UnitOfWork,
    private readonly access: CallAccess,
    private readonly workflow: CallWorkflowClient,
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
    return this.uow.read(async (manager) => {
      const { call, commitment } = await this.access.actingForAgency(manager, user, id, agencyId);
      const terms: CommitmentTerms = {
        currency: body.currency,
        amount: body.amount,
        flexibility: body.flexibility ?? 0,
        rules: { ...body.rules, extraReportFields: body.rules.extraReportFields ?? [] } as CommitmentTerms['rules'],
      };
      const violations = validateCommitmentTerms(terms, {
        regionCurrency: commitment.currency,
        flexibilityAllowed: call.configuration.flexibilityAllowed,
      });
      if (violations.length)
        throw new DomainError(
          'COMMITMENT_RULES_BROKEN',
          `The commitment breaks ${violations.length} rule(s).`,
          'rule',
          violations,
          { count: violations.length },
        );
      return this.workflow.update(id, putCommitmentUpdate, { agencyId, terms, actor: actorOf(user) }, call.state);
    });
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
    return this.uow.read(async (manager) => {
      const { call } = await this.access.actingForAgency(manager, user, id, agencyId);
      return this.workflow.update(
        id,
        answerCommitmentUpdate,
        { agencyId, answer: 'CONFIRM', actor: actorOf(user) },
        call.state,
      );
    });
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
    return this.uow.read(async (manager) => {
      const { call } = await this.access.actingForAgency(manager, user, id, agencyId);
      return this.workflow.update(
        id,
        answerCommitmentUpdate,
        { agencyId, answer: 'DECLINE', reason: body.reason, actor: actorOf(user) },
        call.state,
      );
    });
  }
}
