import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PersistenceModule } from '@app/persistence';
import { AccessGuard } from './access.guard';
import { AccessTokenModule } from './access-token.module';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AuthController } from './auth.controller';
import { Links } from './links';
import { LoginThrottle } from './login-throttle';
import { PrincipalLoader } from './principal.loader';
import { SessionService } from './session.service';
import { SingleUseTokens } from './single-use-tokens';
import { InvitationsUseCase } from './use-cases/invitations.use-case';
import { LoginUseCase } from './use-cases/login.use-case';
import { PasswordResetUseCase } from './use-cases/password-reset.use-case';
import { RegisterApplicantUseCase } from './use-cases/register-applicant.use-case';
import { VerifyEmailUseCase } from './use-cases/verify-email.use-case';

@Module({
  imports: [PersistenceModule, AccessTokenModule],
  controllers: [AuthController],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    PrincipalLoader,
    SessionService,
    SingleUseTokens,
    LoginThrottle,
    Links,
    LoginUseCase,
    RegisterApplicantUseCase,
    VerifyEmailUseCase,
    PasswordResetUseCase,
    InvitationsUseCase,
    AdminBootstrapService,
  ],
  exports: [InvitationsUseCase, AccessTokenModule, PrincipalLoader],
})
export class AuthModule {}
