import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { AcceptInvitationUseCase } from './accept-invitation.use-case';
import { AccessTokenModule } from './access-token.module';
import { ApproveMembershipUseCase } from './approve-membership.use-case';
import { BootstrapAdminUseCase } from './bootstrap-admin.use-case';
import { CreateOrganisationUseCase } from './create-organisation.use-case';
import { CreateStaffUserUseCase } from './create-staff-user.use-case';
import { EndSessionUseCase } from './end-session.use-case';
import { Invitations } from './invitations';
import { InviteEvaluatorUseCase } from './invite-evaluator.use-case';
import { InviteToOrganisationUseCase } from './invite-to-organisation.use-case';
import { Links } from './links';
import { LoginThrottle } from './login-throttle';
import { LoginUseCase } from './login.use-case';
import { OrganisationAccess } from './organisation-access';
import { RefreshSessionUseCase } from './refresh-session.use-case';
import { RegisterApplicantUseCase } from './register-applicant.use-case';
import { RequestPasswordResetUseCase } from './request-password-reset.use-case';
import { ResetPasswordUseCase } from './reset-password.use-case';
import { SessionService } from './session.service';
import { SetLanguageUseCase } from './set-language.use-case';
import { SetNotificationPreferencesUseCase } from './set-notification-preferences.use-case';
import { SingleUseTokens } from './single-use-tokens';
import { VerifyEmailUseCase } from './verify-email.use-case';

const USE_CASES = [
  LoginUseCase,
  RefreshSessionUseCase,
  EndSessionUseCase,
  RegisterApplicantUseCase,
  VerifyEmailUseCase,
  RequestPasswordResetUseCase,
  ResetPasswordUseCase,
  AcceptInvitationUseCase,
  InviteEvaluatorUseCase,
  InviteToOrganisationUseCase,
  ApproveMembershipUseCase,
  CreateOrganisationUseCase,
  CreateStaffUserUseCase,
  SetNotificationPreferencesUseCase,
  SetLanguageUseCase,
  BootstrapAdminUseCase,
];

/** Identity (SPEC §2): accounts, sessions, organisations and their members, invitations. */
@Module({
  imports: [PersistenceModule, AccessTokenModule],
  providers: [...USE_CASES, OrganisationAccess, SingleUseTokens, LoginThrottle, SessionService, Invitations, Links],
  exports: [...USE_CASES, OrganisationAccess, AccessTokenModule],
})
export class IdentityApplicationModule {}
