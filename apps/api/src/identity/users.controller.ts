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
import {
  CreateStaffUserUseCase,
  InviteEvaluatorUseCase,
  SetLanguageUseCase,
  SetNotificationPreferencesUseCase,
} from '@app/application';
import { auditRoleOf, CurrentUser, Roles, type Principal } from '@app/common';
import { NOTIFICATION_KIND_NAMES, NOTIFICATION_KINDS } from '@app/domain';
import { UnitOfWork, UserProfileReadModel, UserRepository, type UserProfile } from '@app/persistence';
import {
  CreateStaffUserDto,
  InvitationSentDto,
  InviteDto,
  MeDto,
  PreferencesDto,
  SetLanguageRequestDto,
  UserDto,
} from './identity.dto';
import { toUserDto } from './user-view';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

@ApiTags('users')
@ApiBearerAuth()
@Controller()
export class UsersController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly profiles: UserProfileReadModel,
    private readonly setNotificationPreferences: SetNotificationPreferencesUseCase,
    private readonly setLanguageOf: SetLanguageUseCase,
    private readonly createStaffUser: CreateStaffUserUseCase,
    private readonly inviteEvaluatorToPool: InviteEvaluatorUseCase,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'The caller: roles with their organisation or agency, notification preferences' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentUser() user: Principal): Promise<MeDto> {
    const [profile, prefs] = await this.uow.read(
      async (tx) =>
        [
          (await this.profiles.load(tx, user.userId)) as UserProfile,
          await this.users.notificationPreferences(tx, user.userId),
        ] as const,
    );
    const me = toUserDto(profile);
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
    await this.setNotificationPreferences.execute({
      actor: { userId: user.userId, role: auditRoleOf(user) },
      preferences: body.preferences,
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
    await this.setLanguageOf.execute({
      actor: { userId: user.userId, role: auditRoleOf(user) },
      language: body.language,
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
    const profile = await this.createStaffUser.execute({
      email: body.email,
      displayName: body.displayName,
      role: body.role,
      agencyId: body.agencyId,
      admin: { userId: admin.userId, displayName: admin.displayName },
    });
    return toUserDto(profile);
  }

  @Roles('PROGRAMME_MANAGER', 'ADMIN')
  @Post('evaluator-invitations')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Invite an independent expert to the evaluator pool (programme managers)' })
  @ApiAcceptedResponse({ type: InvitationSentDto })
  @ApiErrorCodes('ACCOUNT_DISABLED')
  async inviteEvaluator(@Body() body: InviteDto, @CurrentUser() user: Principal): Promise<InvitationSentDto> {
    const sent = await this.inviteEvaluatorToPool.execute({
      email: body.email,
      displayName: body.displayName,
      inviter: { userId: user.userId, role: auditRoleOf(user), displayName: user.displayName },
    });
    return { invitationId: sent.invitationId, expiresAt: sent.expiresAt.toISOString() };
  }
}
