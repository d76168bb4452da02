import { Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { finaliseRankingUpdate } from '@app/contracts';
import { agencyIdsOf, auditRoleOf, CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { DomainError } from '@app/domain';
import { CallRepository, RankingRepository, UnitOfWork } from '@app/persistence';
import { CallAccess } from './call-access';
import { CallWorkflowClient } from './call-workflow.client';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

export class FinaliseRankingResultDto {
  @ApiProperty({ enum: [1, 2] }) stageNo!: number;
  @ApiProperty() ranked!: number;
  @ApiProperty() belowThreshold!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Stage 1 of a two-stage call: consortia invited to stage 2',
  })
  invited!: number | null;
  @ApiProperty({ enum: ['RANKED', 'OPEN'], description: 'OPEN when stage 2 of a two-stage call opened' })
  state!: string;
}

export class StageTwoInvitationDto {
  @ApiProperty() preProposalId!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty() rank!: number;
  @ApiProperty({ description: 'EUR reference minor units' }) requestedFundingEur!: number;
  @ApiProperty() invitedAt!: string;
  @ApiProperty({ nullable: true, type: String }) fullProposalId!: string | null;
}

/**
 * Freezing a stage's ranking (SPEC §4 IN_EVALUATION → RANKED, V8) and, for two-stage calls, the stage-2 invitations
 * (V7).
 */
@ApiTags('calls')
@ApiBearerAuth()
@Controller('calls')
export class RankingFinalisationController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly access: CallAccess,
    private readonly workflow: CallWorkflowClient,
    private readonly rankings: RankingRepository,
  ) {}

  @Roles('PROGRAMME_MANAGER')
  @Post(':id/ranking/finalise')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Freeze the ranking of the current stage: the call becomes RANKED (422 naming every proposal still ' +
      'without an outcome)',
    description:
      'After stage 1 of a two-stage call, the best consortia are invited down the ranking until their ' +
      'requested funding would pass oversubscriptionFactor × the committed budget; applicants are told and ' +
      'stage 2 opens.',
  })
  @ApiOkResponse({ type: FinaliseRankingResultDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'CALL_STATE_CONFLICT',
    'RANKING_INCOMPLETE',
    'INVALID_RANKING_INPUT',
    'INVALID_INVITATION_INPUT',
  )
  async finalise(
    @Param('id', uuidParam('id')) id: string,
    @CurrentUser() user: Principal,
  ): Promise<FinaliseRankingResultDto> {
    const call = await this.uow.read((tx) => this.calls.find(tx, id));
    if (!call) throw new DomainError('NOT_FOUND', `Call ${id} not found.`, 'not-found', [], { callId: id });
    return this.workflow.update(
      id,
      finaliseRankingUpdate,
      { actor: { userId: user.userId, role: auditRoleOf(user) } },
      call.state,
    );
  }

  @Roles('PROGRAMME_MANAGER', 'AGENCY_OFFICER')
  @Get(':id/stage-two-invitations')
  @ApiOperation({
    summary:
      'The consortia invited to stage 2 of a two-stage call, in rank order, with their full proposals once started',
  })
  @ApiOkResponse({ type: [StageTwoInvitationDto] })
  @ApiErrorCodes('NOT_FOUND')
  async invitations(
    @Param('id', uuidParam('id')) id: string,
    @CurrentUser() user: Principal,
  ): Promise<StageTwoInvitationDto[]> {
    return this.uow.read(async (tx) => {
      const { commitments } = await this.access.visible(tx, user, id);
      // Officers of participating agencies only, even while the call is publicly OPEN for stage 2.
      if (!this.access.seesEverything(user) && !commitments.some((c) => agencyIdsOf(user).includes(c.agencyId)))
        throw new NotFoundException(`Call ${id} not found.`);
      const invitations = await this.rankings.invitations(tx, id);
      return invitations.map((i) => ({ ...i, invitedAt: i.invitedAt.toISOString() }));
    });
  }
}
