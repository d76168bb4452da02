import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { absoluteWebLink, webLinks } from '@app/contracts';

/** Builds the links that e-mails carry (the web UI's pages; the API endpoints take the token). */
@Injectable()
export class Links {
  constructor(private readonly config: AppConfig) {}

  private build(path: string): string {
    return absoluteWebLink(this.config.PUBLIC_APP_URL, path);
  }

  verifyEmail = (token: string): string => this.build(webLinks.verifyEmail(token));
  resetPassword = (token: string): string => this.build(webLinks.resetPassword(token));
  acceptInvitation = (token: string): string => this.build(webLinks.acceptInvitation(token));
}

export const TOKEN_TTL_MS = {
  EMAIL_VERIFICATION: 48 * 3_600_000,
  PASSWORD_RESET: 3_600_000,
  INVITATION: 14 * 86_400_000,
} as const;
