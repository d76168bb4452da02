import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CurrentUser,
  decodeIdCursor,
  definedOnly,
  hasRole,
  Roles,
  toPage,
  uuidParam,
  type Principal,
} from '@app/common';
import {
  AcceptPartnerInvitationUseCase,
  CallAccess,
  EditDraftUseCase,
  EligibilityContextLoader,
  fullContent,
  ProposalAccess,
  PutPartnerUseCase,
  StartProposalUseCase,
  type NewDraftInput,
} from '@app/application';
import { checkProposal, DomainError } from '@app/domain';
import { ProposalRepository, UnitOfWork, type DraftContent } from '@app/persistence';
import { proposalView } from './proposal-view';
import { CreateProposalDto, PartnerDataDto, ProposalDraftDto, ProposalListQueryDto } from './proposal.dto';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { PageOf } from '../openapi/page-of';
import { EligibilityCheckDto, ProposalDetailDto, ProposalViewDto } from './proposal.response.dto';

@ApiTags('proposals')
@ApiBearerAuth()
@Controller()
export class ProposalsController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly proposals: ProposalRepository,
    private readonly callAccess: CallAccess,
    private readonly access: ProposalAccess,
    private readonly contexts: EligibilityContextLoader,
    private readonly startProposal: StartProposalUseCase,
    private readonly editDraft: EditDraftUseCase,
    private readonly putPartnerData: PutPartnerUseCase,
    private readonly acceptInvitation: AcceptPartnerInvitationUseCase,
  ) {}

  @Roles('APPLICANT')
  @Post('calls/:id/proposals')
  @ApiOperation({ summary: 'Start a proposal draft for an open call; the caller’s organisation coordinates' })
  @ApiCreatedResponse({ type: ProposalViewDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'CALL_STATE_CONFLICT',
    'COORDINATOR_ORGANISATION_REQUIRED',
    'NOT_IN_STAGE_TWO',
    'PRE_PROPOSAL_REQUIRED',
    'NOT_INVITED',
    'FULL_PROPOSAL_EXISTS',
  )
  async create(
    @Param('id', uuidParam('id')) callId: string,
    @Body() body: CreateProposalDto,
    @CurrentUser() user: Principal,
  ) {
    const { coordinatorOrganisationId, preProposalId, ...draft } = definedOnly(body);
    return proposalView(
      await this.startProposal.execute(user, callId, {
        ...(draft as NewDraftInput),
        coordinatorOrganisationId,
        preProposalId,
      }),
    );
  }

  @Get('proposals/:id')
  @ApiOperation({
    summary:
      'One proposal (applicants of its organisations; agencies with partners of their region; programme managers)',
  })
  @ApiOkResponse({ type: ProposalDetailDto })
  @ApiErrorCodes('NOT_FOUND')
  async get(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal) {
    return this.uow.read(async (manager) => {
      const visible = await this.access.visible(manager, user, id);
      const decisions = await this.proposals.eligibilityDecisions(manager, id);
      return {
        ...proposalView(visible),
        eligibilityDecisions: decisions.filter(
          (d) => visible.budgetRegions === null || visible.budgetRegions.includes(d.regionCode),
        ),
      };
    });
  }

  @Roles('APPLICANT')
  @Patch('proposals/:id')
  @ApiOperation({ summary: 'Edit the draft (coordinator): everything but the partners’ own data' })
  @ApiOkResponse({ type: ProposalViewDto })
  @ApiErrorCodes('NOT_FOUND', 'CALL_STATE_CONFLICT', 'PROPOSAL_STATE_CONFLICT')
  async update(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ProposalDraftDto,
    @CurrentUser() user: Principal,
  ) {
    return proposalView(await this.editDraft.execute(user, id, definedOnly(body) as Partial<DraftContent>));
  }

  @Roles('APPLICANT')
  @Put('proposals/:id/partners/:organisationId')
  @ApiOperation({
    summary: 'Partner data and budget',
    description:
      'The coordinator invites a new partner organisation (its members are e-mailed and accept); each partner’s ' +
      'members edit their own data.',
  })
  @ApiOkResponse({ type: ProposalViewDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'NOT_YOUR_PARTNER_DATA',
    'UNKNOWN_ORGANISATION',
    'CALL_STATE_CONFLICT',
    'PROPOSAL_STATE_CONFLICT',
  )
  async putPartner(
    @Param('id', uuidParam('id')) id: string,
    @Param('organisationId', uuidParam('organisationId')) organisationId: string,
    @Body() body: PartnerDataDto,
    @CurrentUser() user: Principal,
  ) {
    return proposalView(await this.putPartnerData.execute(user, id, organisationId, body));
  }

  @Roles('APPLICANT')
  @Post('proposals/:id/partners/:organisationId/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Accept the invitation to join a proposal (members of the invited organisation)' })
  @ApiOkResponse({ type: ProposalViewDto })
  @ApiErrorCodes('NOT_FOUND', 'PARTNER_STATE_CONFLICT', 'CALL_STATE_CONFLICT', 'PROPOSAL_STATE_CONFLICT')
  async acceptPartner(
    @Param('id', uuidParam('id')) id: string,
    @Param('organisationId', uuidParam('organisationId')) organisationId: string,
    @CurrentUser() user: Principal,
  ) {
    return proposalView(await this.acceptInvitation.execute(user, id, organisationId));
  }

  @Roles('APPLICANT')
  @Post('proposals/:id/check')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Run E1–E5 without submitting: every failure is listed' })
  @ApiOkResponse({ type: EligibilityCheckDto })
  @ApiErrorCodes('NOT_FOUND')
  async check(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal) {
    return this.uow.read(async (manager) => {
      const { proposal, partners } = await this.access.visible(manager, user, id);
      const violations = checkProposal(
        fullContent(proposal, partners),
        await this.contexts.load(manager, proposal.callId),
      );
      const pending = partners
        .filter((p) => p.status !== 'ACCEPTED')
        .map((p) => ({
          rule: 'E4',
          field: 'partners',
          code: 'PARTNER_NOT_ACCEPTED',
          message: `${p.legalName} has not accepted the invitation yet`,
          params: { organisationName: p.legalName },
        }));
      const all = [...violations, ...pending];
      return { eligible: all.length === 0, violations: all };
    });
  }

  @Get('calls/:id/proposals')
  @ApiOperation({
    summary:
      'Submitted proposals of a call: programme managers all, agencies in the call those with partners of their ' +
      'region (404 for an agency not in the call)',
  })
  @ApiOkResponse({ type: PageOf(ProposalViewDto) })
  @ApiErrorCodes('NOT_FOUND', 'FORBIDDEN')
  async list(
    @Param('id', uuidParam('id')) callId: string,
    @Query() query: ProposalListQueryDto,
    @CurrentUser() user: Principal,
  ) {
    return this.uow.read(async (manager) => {
      await this.callAccess.visible(manager, user, callId);
      const everything = hasRole(user, 'PROGRAMME_MANAGER', 'ADMIN');
      if (!everything && !hasRole(user, 'AGENCY_OFFICER'))
        throw new DomainError(
          'FORBIDDEN',
          'Only programme managers and agencies list a call’s proposals.',
          'forbidden',
        );
      const regionCodes = everything ? undefined : await this.access.officerRegions(manager, user, callId);
      // An agency that is not part of the call: its proposals are outside the caller's boundary.
      if (regionCodes?.length === 0) throw new DomainError('NOT_FOUND', `Call ${callId} not found.`, 'not-found');
      const limit = query.limit ?? 50;
      const rows = await this.proposals.listForCall(manager, callId, {
        state: query.state,
        region: query.region,
        topic: query.topic,
        regionCodes,
        afterId: decodeIdCursor(query.cursor),
        limit: limit + 1,
      });
      const page = toPage(rows, limit, (p) => p.id);
      const partners = await this.proposals.partnersOf(
        manager,
        page.items.map((p) => p.id),
      );
      const items = page.items.map((proposal) =>
        proposalView({
          proposal,
          partners: partners.get(proposal.id)!,
          budgetRegions: everything ? null : regionCodes!,
        }),
      );
      return { items, nextCursor: page.nextCursor };
    });
  }
}
