import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { auditRoleOf, CurrentUser, Roles, type Principal } from '@app/common';
import {
  DomainError,
  NOTIFICATION_KIND_NAMES,
  NOTIFICATION_KINDS,
  type DeliveryPreference,
  type NotificationKind,
} from '@app/domain';
import { AuditWriter, ReferenceDataRepository, UserRepository } from '@app/persistence';
import { InvitationsUseCase } from '../auth/use-cases/invitations.use-case';
import {
  CreateStaffUserDto,
  InvitationSentDto,
  InviteDto,
  MeDto,
  PreferencesDto,
  SetLanguageRequestDto,
  UserDto,
} from './identity.dto';
import { UserView } from './user-view';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

@ApiTags('users')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly reference: ReferenceDataRepository,
    private readonly view: UserView,
    private readonly invitations: InvitationsUseCase,
    private readonly audit: AuditWriter,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'The caller: roles with their organisation or agency, notification preferences' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentUser() user: Principal): Promise<MeDto> {
    const manager = this.dataSource.manager;
    const me = (await this.view.load(manager, user.userId)) as UserDto;
    const prefs: Array<{ kind: NotificationKind; mode: DeliveryPreference }> = await manager.query(
      'SELECT kind, mode FROM notification_preference WHERE user_id = $1',
      [user.userId],
    );
    const chosen = new Map(prefs.map((p) => [p.kind, p.mode]));
    return {
      ...me,
      notificationPreferences: NOTIFICATION_KIND_NAMES.map((kind) => ({
        kind,
        critical: NOTIFICATION_KINDS[kind].critical,
        mode: NOTIFICATION_KINDS[kind].critical ? 'IMMEDIATE' : (chosen.get(kind) ?? 'IMMEDIATE'),
      })),
    };
  }

  @Put('me/notification-preferences')
  @ApiOperation({ summary: 'Immediate, daily digest or off, per kind of message; critical kinds stay immediate (422)' })
  @ApiOkResponse({ type: MeDto })
  @ApiErrorCodes('CRITICAL_NOTIFICATION')
  async setPreferences(@Body() body: PreferencesDto, @CurrentUser() user: Principal): Promise<MeDto> {
    const refused = body.preferences
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => NOTIFICATION_KINDS[p.kind].critical && p.mode !== 'IMMEDIATE')
      .map(({ p, i }) => ({
        field: `preferences[${i}].mode`,
        code: 'CRITICAL_KIND',
        message: `${p.kind} is deadline-critical or security-relevant and is always sent at once`,
        params: { kind: p.kind },
      }));
    if (refused.length)
      throw new DomainError(
        'CRITICAL_NOTIFICATION',
        'Critical messages cannot be turned off or postponed.',
        'rule',
        refused,
      );
    await this.dataSource.transaction(async (manager) => {
      for (const p of body.preferences) {
        await manager.query(
          'INSERT INTO notification_preference (user_id, kind, mode) VALUES ($1, $2, $3) ON CONFLICT (user_id, kind) DO UPDATE SET mode = EXCLUDED.mode',
          [user.userId, p.kind, p.mode],
        );
      }
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'user.notification-preferences-changed',
        entityType: 'user',
        entityId: user.userId,
        after: { preferences: body.preferences },
      });
    });
    return this.me(user);
  }

  @Put('me/language')
  @ApiOperation({ summary: 'Choose the language of the web app and of the e-mails sent to the caller' })
  @ApiOkResponse({ type: MeDto })
  @ApiBadRequestResponse({
    description: 'problem+json VALIDATION_FAILED naming `language` (one of en, de, it, fr, sl)',
  })
  async setLanguage(@Body() body: SetLanguageRequestDto, @CurrentUser() user: Principal): Promise<MeDto> {
    await this.dataSource.transaction(async (manager) => {
      await this.users.setLanguage(manager, user.userId, body.language);
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'user.language-changed',
        entityType: 'user',
        entityId: user.userId,
        after: { language: body.language },
      });
    });
    return this.me(user);
  }

  @Roles('ADMIN')
  @Post('users')
  @ApiOperation({
    summary:
      'Create a staff account (admin): the person gets a link to set a password; an existing account gains the role',
  })
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrorCodes('AGENCY_NOT_ALLOWED', 'UNKNOWN_AGENCY')
  async createStaff(@Body() body: CreateStaffUserDto, @CurrentUser() admin: Principal): Promise<UserDto> {
    return this.dataSource.transaction(async (manager) => {
      let agencyName: string | undefined;
      if (body.role === 'AGENCY_OFFICER') {
        const agency = await this.reference.agency(manager, body.agencyId as string);
        if (!agency)
          throw new DomainError('UNKNOWN_AGENCY', 'There is no such agency.', 'rule', [
            { field: 'agencyId', code: 'UNKNOWN_AGENCY', message: 'unknown agency' },
          ]);
        agencyName = agency.name;
      } else if (body.agencyId !== undefined) {
        throw new DomainError('AGENCY_NOT_ALLOWED', 'Only agency officers belong to an agency.', 'rule', [
          {
            field: 'agencyId',
            code: 'AGENCY_NOT_ALLOWED',
            message: `not allowed for ${body.role}`,
            params: { role: body.role },
          },
        ]);
      }
      const grant =
        body.role === 'AGENCY_OFFICER'
          ? { role: 'AGENCY_OFFICER' as const, agencyId: body.agencyId as string }
          : { role: body.role };
      const existing = await this.users.findByEmail(manager, body.email, true);
      const user =
        existing ??
        (await this.users.create(manager, {
          email: body.email,
          displayName: body.displayName,
          passwordHash: null,
          status: 'PENDING_VERIFICATION',
          verified: false,
        }));
      await this.users.grant(manager, user!.id, grant, 'ACTIVE');
      if (!existing) {
        await this.invitations.invite(
          {
            email: body.email,
            displayName: body.displayName,
            grant,
            kind: 'STAFF_INVITATION',
            inviter: { userId: admin.userId, role: 'ADMIN', displayName: admin.displayName },
            scopeName: agencyName,
          },
          manager,
        );
      }
      await this.audit.record(manager, {
        actor: { userId: admin.userId, role: 'ADMIN' },
        action: 'user.staff-role-granted',
        entityType: 'user',
        entityId: user!.id,
        after: { grant },
      });
      return (await this.view.load(manager, user!.id)) as UserDto;
    });
  }

  @Roles('PROGRAMME_MANAGER', 'ADMIN')
  @Post('evaluator-invitations')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Invite an independent expert to the evaluator pool (programme managers)' })
  @ApiAcceptedResponse({ type: InvitationSentDto })
  @ApiErrorCodes('ACCOUNT_DISABLED')
  async inviteEvaluator(@Body() body: InviteDto, @CurrentUser() user: Principal): Promise<InvitationSentDto> {
    const sent = await this.invitations.invite({
      email: body.email,
      displayName: body.displayName,
      grant: { role: 'EVALUATOR' },
      kind: 'EVALUATOR_INVITATION',
      inviter: { userId: user.userId, role: auditRoleOf(user), displayName: user.displayName },
    });
    return { invitationId: sent.invitationId, expiresAt: sent.expiresAt.toISOString() };
  }
}
