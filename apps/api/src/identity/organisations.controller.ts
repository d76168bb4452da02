import { Body, Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import {
  auditRoleOf,
  CurrentUser,
  decodeCursor,
  encodeCursor,
  hasRole,
  organisationIdsOf,
  PageQueryDto,
  Roles,
  toPage,
  uuidParam,
  ValidationProblemException,
  type Page,
  type Principal,
} from '@app/common';
import { webLinks } from '@app/contracts';
import {
  AuditWriter,
  OrganisationDirectoryReadModel,
  OrganisationRepository,
  OutboxWriter,
  UserRepository,
  type OrganisationRecord,
} from '@app/persistence';
import { InvitationsUseCase } from '../auth/use-cases/invitations.use-case';
import {
  CreateOrganisationDto,
  InvitationSentDto,
  InviteDto,
  MemberDto,
  OrganisationDirectoryEntryDto,
  OrganisationDirectoryQueryDto,
  OrganisationDto,
} from './identity.dto';
import { OrganisationAccess } from './organisation-access';
import { PageOf } from '../openapi/page-of';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

const toDto = (o: OrganisationRecord): OrganisationDto => ({ ...o, createdAt: o.createdAt.toISOString() });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The directory's keyset is (legal name, id); the cursor carries both as JSON so a name may hold any character. */
function decodeDirectoryCursor(cursor: string | undefined): { legalName: string; id: string } | undefined {
  if (cursor === undefined) return undefined;
  let position: unknown;
  try {
    position = JSON.parse(decodeCursor(cursor) ?? '');
  } catch {
    position = undefined;
  }
  if (
    !Array.isArray(position) ||
    position.length !== 2 ||
    typeof position[0] !== 'string' ||
    typeof position[1] !== 'string' ||
    !UUID.test(position[1])
  ) {
    throw new ValidationProblemException([
      { field: 'cursor', code: 'isCursor', message: 'cursor must be a nextCursor this list returned' },
    ]);
  }
  return { legalName: position[0], id: position[1] };
}

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationRepository,
    private readonly access: OrganisationAccess,
    private readonly users: UserRepository,
    private readonly invitations: InvitationsUseCase,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
    private readonly directory: OrganisationDirectoryReadModel,
  ) {}

  @Roles('APPLICANT', 'ADMIN')
  @Post()
  @ApiOperation({ summary: 'Register an organisation (a duplicate registration id is a 409 naming the existing one)' })
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiErrorCodes('ORGANISATION_EXISTS', 'UNKNOWN_REGION')
  create(@Body() body: CreateOrganisationDto, @CurrentUser() user: Principal): Promise<OrganisationDto> {
    return this.dataSource.transaction(async (manager) => {
      const organisation = await this.organisations.create(manager, body);
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'organisation.created',
        entityType: 'organisation',
        entityId: organisation.id,
        after: {
          legalName: organisation.legalName,
          type: organisation.type,
          regionCode: organisation.regionCode,
          registrationId: organisation.registrationId,
        },
      });
      return toDto(organisation);
    });
  }

  @Get()
  @ApiOperation({ summary: 'Organisations the caller may see (paginated)' })
  @ApiOkResponse({ type: PageOf(OrganisationDto) })
  async list(@Query() query: PageQueryDto, @CurrentUser() user: Principal): Promise<Page<OrganisationDto>> {
    const limit = query.limit ?? 50;
    const manager = this.dataSource.manager;
    const everything = hasRole(user, 'ADMIN', 'PROGRAMME_MANAGER');
    const regionCodes = everything ? undefined : await this.access.regionsOfAgencies(manager, user);
    const ids = everything ? undefined : organisationIdsOf(user);
    let rows: OrganisationRecord[];
    if (everything) {
      rows = await this.organisations.list(manager, { afterId: decodeCursor(query.cursor), limit: limit + 1 });
    } else {
      const [own, regional] = await Promise.all([
        ids!.length
          ? this.organisations.list(manager, { afterId: decodeCursor(query.cursor), limit: limit + 1, ids })
          : [],
        regionCodes!.length
          ? this.organisations.list(manager, { afterId: decodeCursor(query.cursor), limit: limit + 1, regionCodes })
          : [],
      ]);
      const merged = new Map([...own, ...regional].map((o) => [o.id, o]));
      rows = [...merged.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, limit + 1);
    }
    const page = toPage(rows, limit, (o) => o.id);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  // Declared before `:id` so that `directory` is not taken for an organisation id.
  @Roles('APPLICANT', 'PROGRAMME_MANAGER')
  @Get('directory')
  @ApiOperation({
    summary:
      'Find organisations by part of their legal name, to invite one as a partner (applicants, programme managers)',
    description:
      'Organisations with at least one active member, in legal-name order. Only what a coordinator needs to choose a partner: ' +
      'never the registration or VAT id, never members.',
  })
  @ApiOkResponse({ type: PageOf(OrganisationDirectoryEntryDto) })
  @ApiErrorCodes('VALIDATION_FAILED')
  async searchDirectory(@Query() query: OrganisationDirectoryQueryDto): Promise<Page<OrganisationDirectoryEntryDto>> {
    const limit = query.limit ?? 50;
    const rows = await this.directory.search(this.dataSource.manager, {
      nameContains: query.q,
      regionCode: query.region,
      after: decodeDirectoryCursor(query.cursor),
      limit: limit + 1,
    });
    const items = rows.slice(0, limit).map(({ id, legalName, type, regionCode, regionName, country }) => ({
      id,
      legalName,
      type,
      regionCode,
      regionName,
      country,
    }));
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor(JSON.stringify([last.legalName, last.id])) : null,
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One organisation (404 outside the caller’s boundary)' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiErrorCodes('NOT_FOUND')
  async get(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal): Promise<OrganisationDto> {
    return toDto(await this.access.visible(this.dataSource.manager, user, id));
  }

  @Get(':id/members')
  @ApiOperation({ summary: 'Members of an organisation, with pending requests (members, admins)' })
  @ApiOkResponse({ type: [MemberDto] })
  @ApiErrorCodes('NOT_FOUND')
  async members(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal): Promise<MemberDto[]> {
    await this.access.actingFor(this.dataSource.manager, user, id);
    return this.dataSource.query(
      `SELECT u.id AS "userId", u.display_name AS "displayName", u.email, g.status FROM role_grant g JOIN app_user u ON u.id = g.user_id
        WHERE g.organisation_id = $1 AND g.role = 'APPLICANT' AND g.status <> 'REVOKED' ORDER BY u.display_name, u.id`,
      [id],
    );
  }

  @Roles('APPLICANT', 'ADMIN')
  @Post(':id/invitations')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Invite a colleague by e-mail to join the organisation (members, admins)' })
  @ApiAcceptedResponse({ type: InvitationSentDto })
  @ApiErrorCodes('NOT_FOUND', 'ACCOUNT_DISABLED')
  async invite(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: InviteDto,
    @CurrentUser() user: Principal,
  ): Promise<InvitationSentDto> {
    return this.dataSource.transaction(async (manager) => {
      const organisation = await this.access.actingFor(manager, user, id);
      const sent = await this.invitations.invite(
        {
          email: body.email,
          displayName: body.displayName,
          grant: { role: 'APPLICANT', organisationId: organisation.id },
          kind: 'ORGANISATION_INVITATION',
          inviter: { userId: user.userId, role: auditRoleOf(user), displayName: user.displayName },
          scopeName: organisation.legalName,
        },
        manager,
      );
      return { invitationId: sent.invitationId, expiresAt: sent.expiresAt.toISOString() };
    });
  }

  @Roles('APPLICANT', 'ADMIN')
  @Post(':id/members/:userId/approve')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Approve a pending request to join the organisation (members, admins)' })
  @ApiErrorCodes('NOT_FOUND')
  async approve(
    @Param('id', uuidParam('id')) id: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const organisation = await this.access.actingFor(manager, user, id);
      const updated: Array<[unknown[], number]> | unknown[] = await manager.query(
        `UPDATE role_grant SET status = 'ACTIVE' WHERE organisation_id = $1 AND user_id = $2 AND role = 'APPLICANT' AND status = 'PENDING_APPROVAL' RETURNING id`,
        [id, userId],
      );
      const rows = Array.isArray(updated[0]) ? (updated[0] as unknown[]) : updated;
      if (rows.length === 0) throw new NotFoundException('No pending request of this user for this organisation.');
      const member = await this.users.findById(manager, userId);
      await this.outbox.enqueue(manager, {
        kind: 'MEMBERSHIP_APPROVED',
        recipient: { userId, email: member!.email, displayName: member!.displayName },
        data: { organisationName: organisation.legalName, page: webLinks.myProposals() },
        idempotencyKey: `membership-approved:${userId}:${id}`,
      });
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'organisation.member-approved',
        entityType: 'organisation',
        entityId: id,
        after: { userId, status: 'ACTIVE' },
        businessKey: `membership-approved:${userId}:${id}`,
      });
    });
  }
}
