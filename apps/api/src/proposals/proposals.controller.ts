import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import {
  CurrentUser,
  decodeCursor,
  definedOnly,
  hasRole,
  organisationIdsOf,
  Roles,
  toPage,
  uuidParam,
  type Principal,
} from '@app/common';
import { webLinks } from '@app/contracts';
import { checkProposal, DomainError } from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  OrganisationRepository,
  OutboxWriter,
  ProposalRepository,
  UserRepository,
  type DraftContent,
} from '@app/persistence';
import { CallAccess } from '../calls/call-access';
import { EligibilityContextLoader, fullContent } from '@app/application';
import { ProposalAccess } from './proposal-access';
import { fullProposalStage } from './full-proposal-stage';
import { proposalView } from './proposal-view';
import { CreateProposalDto, PartnerDataDto, ProposalDraftDto, ProposalListQueryDto } from './proposal.dto';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { PageOf } from '../openapi/page-of';
import { EligibilityCheckDto, ProposalDetailDto, ProposalViewDto } from './proposal.response.dto';

const EMPTY_DRAFT: Omit<DraftContent, 'acronym' | 'title'> = {
  abstract: '',
  topic: '',
  keywords: [],
  transformativeActivityCodes: [],
  durationMonths: 24,
  workPlan: [],
  kpiTargets: {},
  attachments: [],
};

@ApiTags('proposals')
@ApiBearerAuth()
@Controller()
export class ProposalsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly proposals: ProposalRepository,
    private readonly organisations: OrganisationRepository,
    private readonly calls: CallRepository,
    private readonly callAccess: CallAccess,
    private readonly access: ProposalAccess,
    private readonly contexts: EligibilityContextLoader,
    private readonly users: UserRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
  ) {}

  /** Drafts are read-only once the call has closed (SPEC: drafts are kept, read-only). */
  private async assertCallOpen(manager: DataSource['manager'], callId: string): Promise<void> {
    const call = await this.calls.find(manager, callId);
    if (call?.state !== 'OPEN')
      throw new DomainError(
        'CALL_STATE_CONFLICT',
        `The call is ${call?.state ?? 'gone'}; proposals are edited while it is OPEN.`,
        'conflict',
        [],
        { state: call?.state ?? 'gone', allowed: ['OPEN'] },
      );
  }

  private editable(state: string): void {
    if (!['DRAFT', 'SUBMITTED', 'WITHDRAWN'].includes(state)) {
      throw new DomainError(
        'PROPOSAL_STATE_CONFLICT',
        `The proposal is ${state}; it can no longer be edited.`,
        'conflict',
        [],
        { state },
      );
    }
  }

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
    return this.dataSource.transaction(async (manager) => {
      const { call } = await this.callAccess.visible(manager, user, callId);
      if (call.state !== 'OPEN')
        throw new DomainError(
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; proposals are started while it is OPEN.`,
          'conflict',
          [],
          { state: call.state, allowed: ['OPEN'] },
        );
      const mine = organisationIdsOf(user);
      const coordinator = body.coordinatorOrganisationId ?? (mine.length === 1 ? mine[0] : undefined);
      if (!coordinator || !mine.includes(coordinator)) {
        throw new DomainError(
          'COORDINATOR_ORGANISATION_REQUIRED',
          'Name one of your organisations as the coordinator.',
          'rule',
          [
            {
              field: 'coordinatorOrganisationId',
              code: 'COORDINATOR_ORGANISATION_REQUIRED',
              message: 'one of your organisations',
            },
          ],
        );
      }
      const { coordinatorOrganisationId: _ignored, preProposalId, ...draft } = definedOnly(body);
      const stage = await fullProposalStage(manager, call, coordinator, preProposalId);
      const id = await this.proposals.create(manager, {
        callId,
        coordinatorOrganisationId: coordinator,
        content: { ...EMPTY_DRAFT, ...draft } as DraftContent,
        createdBy: user.userId,
        ...stage,
      });
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: 'APPLICANT' },
        action: 'proposal.created',
        entityType: 'proposal',
        entityId: id,
        after: { callId, coordinator },
      });
      return proposalView(await this.access.visible(manager, user, id));
    });
  }

  @Get('proposals/:id')
  @ApiOperation({
    summary:
      'One proposal (applicants of its organisations; agencies with partners of their region; programme managers)',
  })
  @ApiOkResponse({ type: ProposalDetailDto })
  @ApiErrorCodes('NOT_FOUND')
  async get(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal) {
    const visible = await this.access.visible(this.dataSource.manager, user, id);
    const decisions = await this.proposals.eligibilityDecisions(this.dataSource.manager, id);
    return {
      ...proposalView(visible),
      eligibilityDecisions: decisions.filter(
        (d) => visible.budgetRegions === null || visible.budgetRegions.includes(d.regionCode),
      ),
    };
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
    return this.dataSource.transaction(async (manager) => {
      const { proposal } = await this.access.asCoordinator(manager, user, id, 'update');
      this.editable(proposal.state);
      await this.assertCallOpen(manager, proposal.callId);
      await this.proposals.saveContent(manager, id, { ...proposal.content, ...definedOnly(body) } as DraftContent);
      return proposalView(await this.access.visible(manager, user, id));
    });
  }

  @Roles('APPLICANT')
  @Put('proposals/:id/partners/:organisationId')
  @ApiOperation({
    summary: 'Partner data and budget',
    description:
      'The coordinator invites a new partner organisation (its members are e-mailed and accept); each partner’s members edit their own data.',
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
    return this.dataSource.transaction(async (manager) => {
      const visible = await this.access.visible(manager, user, id, 'update');
      const { proposal, partners } = visible;
      this.editable(proposal.state);
      await this.assertCallOpen(manager, proposal.callId);
      const mine = organisationIdsOf(user);
      const isCoordinator = mine.includes(proposal.coordinatorOrganisationId);
      const existing = partners.find((p) => p.organisationId === organisationId);
      if (!existing && !isCoordinator) throw new NotFoundException(`Proposal ${id} not found.`);
      if (existing && !isCoordinator && !mine.includes(organisationId)) {
        throw new DomainError('NOT_YOUR_PARTNER_DATA', 'Each partner edits only its own data.', 'forbidden');
      }
      if (existing && isCoordinator && !mine.includes(organisationId) && existing.status === 'ACCEPTED') {
        throw new DomainError(
          'NOT_YOUR_PARTNER_DATA',
          `${existing.legalName} edits its own partner data.`,
          'forbidden',
          [],
          {
            organisationName: existing.legalName,
          },
        );
      }
      const organisation = await this.organisations.findById(manager, organisationId);
      if (!organisation) {
        throw new DomainError('UNKNOWN_ORGANISATION', 'There is no such organisation.', 'rule', [
          { field: 'organisationId', code: 'UNKNOWN_ORGANISATION', message: 'unknown organisation' },
        ]);
      }
      const inserted = await this.proposals.upsertPartner(manager, id, organisationId, body, 'INVITED');
      await this.proposals.touch(manager, id);
      if (inserted) {
        const call = await this.calls.find(manager, proposal.callId);
        for (const member of await this.users.activeMembersOf(manager, organisationId)) {
          await this.outbox.enqueue(manager, {
            kind: 'PROPOSAL_PARTNER_INVITATION',
            recipient: { userId: member.id, email: member.email, displayName: member.displayName },
            data: {
              organisationName: organisation.legalName,
              proposalAcronym: proposal.content.acronym,
              callTitle: call?.configuration.title,
              inviterName: user.displayName,
              page: webLinks.proposal(id),
            },
            idempotencyKey: `proposal-partner-invitation:${id}:${organisationId}:${member.id}`,
          });
        }
      }
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: 'APPLICANT' },
        action: inserted ? 'proposal.partner-invited' : 'proposal.partner-data-changed',
        entityType: 'proposal',
        entityId: id,
        before: existing
          ? {
              organisationId,
              funded: existing.funded,
              eligibleCosts: existing.eligibleCosts,
              requestedGrant: existing.requestedGrant,
            }
          : null,
        after: { organisationId, ...body },
      });
      return proposalView(await this.access.visible(manager, user, id));
    });
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
    return this.dataSource.transaction(async (manager) => {
      await this.access.visible(manager, user, id, 'update');
      if (!organisationIdsOf(user).includes(organisationId)) throw new NotFoundException(`Proposal ${id} not found.`);
      const accepted = await this.proposals.transitionPartnerAccepted(manager, id, organisationId);
      if (!accepted)
        throw new DomainError(
          'PARTNER_STATE_CONFLICT',
          'There is no open invitation for this organisation.',
          'conflict',
        );
      await this.proposals.touch(manager, id);
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: 'APPLICANT' },
        action: 'proposal.partner-accepted',
        entityType: 'proposal',
        entityId: id,
        after: { organisationId },
      });
      return proposalView(await this.access.visible(manager, user, id));
    });
  }

  @Roles('APPLICANT')
  @Post('proposals/:id/check')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Run E1–E5 without submitting: every failure is listed' })
  @ApiOkResponse({ type: EligibilityCheckDto })
  @ApiErrorCodes('NOT_FOUND')
  async check(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal) {
    const manager = this.dataSource.manager;
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
  }

  @Get('calls/:id/proposals')
  @ApiOperation({
    summary: 'Submitted proposals of a call: programme managers all, agencies those with partners of their region',
  })
  @ApiOkResponse({ type: PageOf(ProposalViewDto) })
  @ApiErrorCodes('NOT_FOUND', 'FORBIDDEN')
  async list(
    @Param('id', uuidParam('id')) callId: string,
    @Query() query: ProposalListQueryDto,
    @CurrentUser() user: Principal,
  ) {
    const manager = this.dataSource.manager;
    await this.callAccess.visible(manager, user, callId);
    const everything = hasRole(user, 'PROGRAMME_MANAGER', 'ADMIN');
    const regionCodes = everything ? undefined : await this.access.officerRegions(manager, user);
    if (!everything && regionCodes!.length === 0)
      throw new DomainError('FORBIDDEN', 'Only programme managers and agencies list a call’s proposals.', 'forbidden');
    const limit = query.limit ?? 50;
    const rows = await this.proposals.listForCall(manager, callId, {
      state: query.state,
      region: query.region,
      topic: query.topic,
      regionCodes,
      afterId: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    const page = toPage(rows, limit, (p) => p.id);
    const partners = await this.proposals.partnersOf(
      manager,
      page.items.map((p) => p.id),
    );
    const items = page.items.map((proposal) =>
      proposalView({ proposal, partners: partners.get(proposal.id)!, budgetRegions: everything ? null : regionCodes! }),
    );
    return { items, nextCursor: page.nextCursor };
  }
}
