import { Body, Controller, HttpCode, HttpStatus, Ip, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Public } from '@app/common';
import {
  AcceptInvitationDto,
  LoginRequestDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RefreshRequestDto,
  RegisterRequestDto,
  TokenRequestDto,
} from './dto/auth.request.dto';
import { AcceptedResponseDto, SessionResponseDto } from './dto/auth.response.dto';
import { SessionService } from './session.service';
import { InvitationsUseCase } from './use-cases/invitations.use-case';
import { LoginUseCase } from './use-cases/login.use-case';
import { PasswordResetUseCase } from './use-cases/password-reset.use-case';
import { RegisterApplicantUseCase } from './use-cases/register-applicant.use-case';
import { VerifyEmailUseCase } from './use-cases/verify-email.use-case';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { InvitationAcceptedDto } from './dto/invitation-accepted.response.dto';

const ON_ITS_WAY = { message: 'If the address can receive it, an e-mail is on its way.' };

@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly login: LoginUseCase,
    private readonly sessions: SessionService,
    private readonly register: RegisterApplicantUseCase,
    private readonly verifyEmail: VerifyEmailUseCase,
    private readonly passwordReset: PasswordResetUseCase,
    private readonly invitations: InvitationsUseCase,
  ) {}

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Log in: a short-lived access token and a single-use refresh token' })
  @ApiOkResponse({ type: SessionResponseDto })
  @ApiTooManyRequestsResponse({ description: 'Too many failed logins for this e-mail or address in 15 minutes' })
  @ApiErrorCodes('UNAUTHENTICATED', 'ACCOUNT_DISABLED')
  async logIn(@Body() body: LoginRequestDto, @Ip() ip: string): Promise<SessionResponseDto> {
    return this.login.execute({ email: body.email, password: body.password, ip: ip ?? 'unknown' });
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (the old one is spent)' })
  @ApiOkResponse({ type: SessionResponseDto })
  @ApiErrorCodes('UNAUTHENTICATED')
  refresh(@Body() body: RefreshRequestDto): Promise<SessionResponseDto> {
    return this.sessions.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End a session (spends its refresh token)' })
  @ApiNoContentResponse()
  async logOut(@Body() body: RefreshRequestDto): Promise<void> {
    await this.sessions.close(body.refreshToken);
  }

  @Post('register')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Applicant self-registration with a new or an existing organisation',
    description: 'Sends a verification e-mail. Joining an existing organisation waits for a member to approve. A taken e-mail answers the same.',
  })
  @ApiAcceptedResponse({ type: AcceptedResponseDto })
  @ApiErrorCodes('UNKNOWN_ORGANISATION')
  async registerApplicant(@Body() body: RegisterRequestDto): Promise<AcceptedResponseDto> {
    await this.register.execute(body);
    return ON_ITS_WAY;
  }

  @Post('verify-email')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Confirm the e-mail address with the token of the verification link' })
  @ApiNoContentResponse()
  @ApiErrorCodes('TOKEN_INVALID')
  async verify(@Body() body: TokenRequestDto): Promise<void> {
    await this.verifyEmail.execute(body.token);
  }

  @Post('password-reset')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Ask for a password reset link (answers the same for unknown e-mails)' })
  @ApiAcceptedResponse({ type: AcceptedResponseDto })
  async requestReset(@Body() body: PasswordResetRequestDto): Promise<AcceptedResponseDto> {
    await this.passwordReset.request(body.email);
    return ON_ITS_WAY;
  }

  @Post('password-reset/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with the token of the reset link (single use, 1 hour); ends every session' })
  @ApiNoContentResponse()
  @ApiErrorCodes('TOKEN_INVALID')
  async confirmReset(@Body() body: PasswordResetConfirmDto): Promise<void> {
    await this.passwordReset.confirm(body.token, body.newPassword);
  }

  @Post('accept-invitation')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Accept an invitation (creates the account when the e-mail has none)' })
  @ApiOkResponse({ type: InvitationAcceptedDto })
  @ApiErrorCodes('TOKEN_INVALID', 'ACCOUNT_DETAILS_REQUIRED')
  async acceptInvitation(@Body() body: AcceptInvitationDto): Promise<{ userId: string }> {
    const accepted = await this.invitations.accept(body);
    return { userId: accepted.userId };
  }
}
