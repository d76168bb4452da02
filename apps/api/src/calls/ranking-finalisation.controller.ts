import { Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { finaliseRankingUpdate } from '@app/contracts';
import { agencyIdsOf, auditRoleOf, CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { DomainError } from '@app/domain';
import { CallRepository } from '@app/persistence';
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

/** Freezing a stage's ranking (SPEC §4 IN_EVALUATION → RANKED, V8) and, for two-stage calls, the stage-2 invitations (V7). */
@ApiTags('calls')
@ApiBearerAuth()
@Controller('calls')
export class RankingFinalisationController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calls: CallRepository,
    private readonly access: CallAccess,
    private readonly workflow: CallWorkflowClient,
  ) {}

  @Roles('PROGRAMME_MANAGER')
  @Post(':id/ranking/finalise')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Freeze the ranking of the current stage: the call becomes RANKED (422 naming every proposal still without an outcome)',
    description:
      'After stage 1 of a two-stage call, the best consortia are invited down the ranking until their requested funding would pass oversubscriptionFactor × the committed budget; applicants are told and stage 2 opens.',
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
    const call = await this.calls.find(this.dataSource.manager, id);
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
    const { commitments } = await this.access.visible(this.dataSource.manager, user, id);
    // Officers of participating agencies only, even while the call is publicly OPEN for stage 2.
    if (!this.access.seesEverything(user) && !commitments.some((c) => agencyIdsOf(user).includes(c.agencyId)))
      throw new NotFoundException(`Call ${id} not found.`);
    const rows: Array<{
      preProposalId: string;
      acronym: string;
      rank: number;
      requestedFundingEur: string;
      invitedAt: Date;
      fullProposalId: string | null;
    }> = await this.dataSource.query(
      `SELECT i.pre_proposal_id AS "preProposalId", p.acronym, i.rank, i.requested_funding_eur AS "requestedFundingEur", i.invited_at AS "invitedAt",
              (SELECT f.id FROM proposal f WHERE f.pre_proposal_id = i.pre_proposal_id) AS "fullProposalId"
         FROM stage_two_invitation i JOIN proposal p ON p.id = i.pre_proposal_id WHERE i.call_id = $1 ORDER BY i.rank`,
      [id],
    );
    return rows.map((r) => ({
      ...r,
      requestedFundingEur: Number(r.requestedFundingEur),
      invitedAt: r.invitedAt.toISOString(),
    }));
  }
}
