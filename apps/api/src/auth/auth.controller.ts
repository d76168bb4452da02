import { Body, Controller, HttpCode, HttpStatus, Ip, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiCookieAuth,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  AcceptInvitationUseCase,
  EndSessionUseCase,
  LoginUseCase,
  RefreshSessionUseCase,
  RegisterApplicantUseCase,
  RequestPasswordResetUseCase,
  ResetPasswordUseCase,
  VerifyEmailUseCase,
  type SessionTokens,
} from '@app/application';
import { Public, ValidationProblemException } from '@app/common';
import { AppConfig } from '@app/config';
import {
  clearRefreshCookie,
  CSRF_HEADER,
  hasCsrfHeader,
  REFRESH_COOKIE,
  refreshCookieOf,
  setRefreshCookie,
} from './browser-session';
import { CSRF_HEADER_WITH_COOKIE, REFRESH_COOKIE_SCHEME } from './browser-session.openapi';
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
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { InvitationAcceptedDto } from './dto/invitation-accepted.response.dto';

/** An API client (no cookie, no CSRF header) must send the token in the body, as before browser sessions. */
const MISSING_REFRESH_TOKEN = (): ValidationProblemException =>
  new ValidationProblemException([
    { field: 'refreshToken', code: 'isString', message: 'refreshToken must be a string' },
  ]);

const ON_ITS_WAY = { message: 'If the address can receive it, an e-mail is on its way.' };

@ApiTags('auth')
@ApiErrorCodes('CSRF_HEADER_REQUIRED')
@Public()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly login: LoginUseCase,
    private readonly refreshSession: RefreshSessionUseCase,
    private readonly endSession: EndSessionUseCase,
    private readonly register: RegisterApplicantUseCase,
    private readonly verifyEmail: VerifyEmailUseCase,
    private readonly requestPasswordReset: RequestPasswordResetUseCase,
    private readonly resetPassword: ResetPasswordUseCase,
    private readonly acceptInvitationUseCase: AcceptInvitationUseCase,
    private readonly config: AppConfig,
  ) {}

  /** A browser session keeps the refresh token in the HttpOnly cookie and out of the body. */
  private toBrowser(res: Response, session: SessionTokens): SessionResponseDto {
    setRefreshCookie(res, this.config, session.refreshToken);
    const { refreshToken: _inCookie, ...rest } = session;
    return rest;
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Log in: a short-lived access token and a single-use refresh token',
    description:
      `With the header ${CSRF_HEADER}: 1 (browsers) the refresh token is set as the HttpOnly cookie ` +
      `${REFRESH_COOKIE} (Path=/api/v1/auth, SameSite=Strict) and left out of the body; without it (API clients) ` +
      'it is in the body.',
  })
  @ApiHeader({ name: CSRF_HEADER, required: false, enum: ['1'], description: 'Browsers: ask for a cookie session' })
  @ApiOkResponse({ type: SessionResponseDto })
  @ApiUnauthorizedResponse({ description: 'Invalid e-mail or password (problem+json, code UNAUTHENTICATED)' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed logins for this e-mail or address in 15 minutes' })
  @ApiErrorCodes('UNAUTHENTICATED', 'ACCOUNT_DISABLED', 'FORBIDDEN')
  async logIn(
    @Body() body: LoginRequestDto,
    @Ip() ip: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionResponseDto> {
    const session = await this.login.execute({ email: body.email, password: body.password, ip: ip ?? 'unknown' });
    return hasCsrfHeader(req) ? this.toBrowser(res, session) : session;
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair (the old one is spent)',
    description:
      `API clients send { refreshToken } and get the new one in the body. Browsers send no body, the cookie ` +
      `${REFRESH_COOKIE} and ${CSRF_HEADER}: 1, and get the new token as a rotated cookie; an invalid, spent or ` +
      'expired cookie is cleared with the 401.',
  })
  @ApiCookieAuth(REFRESH_COOKIE_SCHEME)
  @ApiHeader(CSRF_HEADER_WITH_COOKIE)
  @ApiOkResponse({ type: SessionResponseDto })
  @ApiErrorCodes('UNAUTHENTICATED')
  @ApiBadRequestResponse({
    description: 'Neither a refreshToken in the body nor the session cookie (problem+json naming refreshToken)',
  })
  @ApiUnauthorizedResponse({
    description: 'A refresh token that is invalid, spent or expired, or no cookie with the CSRF header (problem+json)',
  })
  async refresh(
    @Body() body: RefreshRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionResponseDto> {
    if (body.refreshToken !== undefined) return this.refreshSession.execute(body.refreshToken);
    const cookie = refreshCookieOf(req);
    if (cookie === undefined) {
      if (!hasCsrfHeader(req)) throw MISSING_REFRESH_TOKEN();
      throw new UnauthorizedException('There is no session: sign in again.');
    }
    try {
      return this.toBrowser(res, await this.refreshSession.execute(cookie));
    } catch (error) {
      if (error instanceof UnauthorizedException) clearRefreshCookie(res, this.config);
      throw error;
    }
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'End a session (spends its refresh token)',
    description:
      `API clients send { refreshToken }; browsers send the cookie ${REFRESH_COOKIE} and ${CSRF_HEADER}: 1, ` +
      'and the cookie is cleared.',
  })
  @ApiCookieAuth(REFRESH_COOKIE_SCHEME)
  @ApiHeader(CSRF_HEADER_WITH_COOKIE)
  @ApiNoContentResponse()
  @ApiBadRequestResponse({
    description: 'Neither a refreshToken in the body, nor the session cookie or the CSRF header (problem+json)',
  })
  async logOut(
    @Body() body: RefreshRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const cookie = refreshCookieOf(req);
    if (body.refreshToken !== undefined) {
      await this.endSession.execute(body.refreshToken);
      return;
    }
    if (cookie === undefined && !hasCsrfHeader(req)) throw MISSING_REFRESH_TOKEN();
    if (cookie !== undefined) await this.endSession.execute(cookie);
    clearRefreshCookie(res, this.config);
  }

  @Post('register')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Applicant self-registration with a new or an existing organisation',
    description:
      'Sends a verification e-mail. Joining an existing organisation waits for a member to approve. ' +
      'A taken e-mail answers the same.',
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
    await this.requestPasswordReset.execute(body.email);
    return ON_ITS_WAY;
  }

  @Post('password-reset/confirm')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Set a new password with the token of the reset link (single use, 1 hour); ends every session',
  })
  @ApiNoContentResponse()
  @ApiErrorCodes('TOKEN_INVALID')
  async confirmReset(@Body() body: PasswordResetConfirmDto): Promise<void> {
    await this.resetPassword.execute({ token: body.token, newPassword: body.newPassword });
  }

  @Post('accept-invitation')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Accept an invitation (creates the account when the e-mail has none)' })
  @ApiOkResponse({ type: InvitationAcceptedDto })
  @ApiErrorCodes('TOKEN_INVALID', 'ACCOUNT_DETAILS_REQUIRED')
  async acceptInvitation(@Body() body: AcceptInvitationDto): Promise<{ userId: string }> {
    const accepted = await this.acceptInvitationUseCase.execute(body);
    return { userId: accepted.userId };
  }
}
