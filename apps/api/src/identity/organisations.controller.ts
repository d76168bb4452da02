import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApproveMembershipUseCase,
  CreateOrganisationUseCase,
  InviteToOrganisationUseCase,
  OrganisationAccess,
} from '@app/application';
import {
  auditRoleOf,
  CurrentUser,
  decodeCursor,
  decodeIdCursor,
  malformedCursor,
  encodeCursor,
  hasRole,
  organisationIdsOf,
  PageQueryDto,
  Roles,
  toPage,
  uuidParam,
  type Page,
  type Principal,
} from '@app/common';
import {
  OrganisationDirectoryReadModel,
  OrganisationRepository,
  UnitOfWork,
  UserRepository,
  type OrganisationRecord,
  type Tx,
} from '@app/persistence';
import {
  CreateOrganisationDto,
  InvitationSentDto,
  InviteDto,
  MemberDto,
  OrganisationDirectoryEntryDto,
  OrganisationDirectoryQueryDto,
  OrganisationDto,
} from './identity.dto';
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
    throw malformedCursor();
  }
  return { legalName: position[0], id: position[1] };
}

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    private readonly access: OrganisationAccess,
    private readonly users: UserRepository,
    private readonly directory: OrganisationDirectoryReadModel,
    private readonly createOrganisation: CreateOrganisationUseCase,
    private readonly inviteToOrganisation: InviteToOrganisationUseCase,
    private readonly approveMembership: ApproveMembershipUseCase,
  ) {}

  @Roles('APPLICANT', 'ADMIN')
  @Post()
  @ApiOperation({ summary: 'Register an organisation (a duplicate registration id is a 409 naming the existing one)' })
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiErrorCodes('ORGANISATION_EXISTS', 'UNKNOWN_REGION')
  async create(@Body() body: CreateOrganisationDto, @CurrentUser() user: Principal): Promise<OrganisationDto> {
    const organisation = await this.createOrganisation.execute({
      organisation: body,
      actor: { userId: user.userId, role: auditRoleOf(user) },
    });
    return toDto(organisation);
  }

  @Get()
  @ApiOperation({ summary: 'Organisations the caller may see (paginated)' })
  @ApiOkResponse({ type: PageOf(OrganisationDto) })
  async list(@Query() query: PageQueryDto, @CurrentUser() user: Principal): Promise<Page<OrganisationDto>> {
    const limit = query.limit ?? 50;
    return this.uow.read(async (tx) => {
      const page = toPage(await this.visibleOrganisations(tx, user, query.cursor, limit), limit, (o) => o.id);
      return { items: page.items.map(toDto), nextCursor: page.nextCursor };
    });
  }

  private async visibleOrganisations(
    tx: Tx,
    user: Principal,
    cursor: string | undefined,
    limit: number,
  ): Promise<OrganisationRecord[]> {
    const everything = hasRole(user, 'ADMIN', 'PROGRAMME_MANAGER');
    const regionCodes = everything ? undefined : await this.access.regionsOfAgencies(tx, user);
    const ids = everything ? undefined : organisationIdsOf(user);
    let rows: OrganisationRecord[];
    if (everything) {
      rows = await this.organisations.list(tx, { afterId: decodeIdCursor(cursor), limit: limit + 1 });
    } else {
      const [own, regional] = await Promise.all([
        ids!.length ? this.organisations.list(tx, { afterId: decodeIdCursor(cursor), limit: limit + 1, ids }) : [],
        regionCodes!.length
          ? this.organisations.list(tx, { afterId: decodeIdCursor(cursor), limit: limit + 1, regionCodes })
          : [],
      ]);
      const merged = new Map([...own, ...regional].map((o) => [o.id, o]));
      rows = [...merged.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, limit + 1);
    }
    return rows;
  }

  // Declared before `:id` so that `directory` is not taken for an organisation id.
  @Roles('APPLICANT', 'PROGRAMME_MANAGER')
  @Get('directory')
  @ApiOperation({
    summary:
      'Find organisations by part of their legal name, to invite one as a partner (applicants, programme managers)',
    description:
      'Organisations with at least one active member, in legal-name order. ' +
      'Only what a coordinator needs to choose a partner: ' +
      'never the registration or VAT id, never members.',
  })
  @ApiOkResponse({ type: PageOf(OrganisationDirectoryEntryDto) })
  @ApiErrorCodes('VALIDATION_FAILED')
  async searchDirectory(@Query() query: OrganisationDirectoryQueryDto): Promise<Page<OrganisationDirectoryEntryDto>> {
    const limit = query.limit ?? 50;
    const after = decodeDirectoryCursor(query.cursor);
    const rows = await this.uow.read((tx) =>
      this.directory.search(tx, { nameContains: query.q, regionCode: query.region, after, limit: limit + 1 }),
    );
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
    return toDto(await this.uow.read((tx) => this.access.visible(tx, user, id)));
  }

  @Get(':id/members')
  @ApiOperation({ summary: 'Members of an organisation, with pending requests (members, admins)' })
  @ApiOkResponse({ type: [MemberDto] })
  @ApiErrorCodes('NOT_FOUND')
  async members(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal): Promise<MemberDto[]> {
    return this.uow.read(async (tx) => {
      await this.access.actingFor(tx, user, id);
      return this.users.membersOf(tx, id);
    });
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
    const sent = await this.inviteToOrganisation.execute({
      organisationId: id,
      email: body.email,
      displayName: body.displayName,
      principal: user,
    });
    return { invitationId: sent.invitationId, expiresAt: sent.expiresAt.toISOString() };
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
    await this.approveMembership.execute({ organisationId: id, userId, principal: user });
  }
}
