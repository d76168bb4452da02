import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';

/** Builds the links that e-mails carry (the web UI's pages; the API endpoints take the token). */
@Injectable()
export class Links {
  constructor(private readonly config: AppConfig) {}

  private build(path: string, token: string): string {
    return `${this.config.PUBLIC_APP_URL.replace(/\/$/, '')}${path}?token=${encodeURIComponent(token)}`;
  }

  verifyEmail = (token: string): string => this.build('/verify-email', token);
  resetPassword = (token: string): string => this.build('/reset-password', token);
  acceptInvitation = (token: string): string => this.build('/accept-invitation', token);
}

export const TOKEN_TTL_MS = {
  EMAIL_VERIFICATION: 48 * 3_600_000,
  PASSWORD_RESET: 3_600_000,
  INVITATION: 14 * 86_400_000,
} as const;
