import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { Schemas } from '../../../api/schema';
import { useLocale } from '../../../i18n/i18n-provider';

/** A new account keeps the language the person registered in: its e-mails are rendered in it. */
export function useRegister() {
  const { locale } = useLocale();
  return useMutation({
    mutationFn: (body: Schemas['RegisterRequestDto']) =>
      unwrap(api.POST('/api/v1/auth/register', { body: { ...body, language: locale } })),
  });
}

export function useVerifyEmail() {
  return useMutation({
    mutationFn: (token: string) => unwrap(api.POST('/api/v1/auth/verify-email', { body: { token } })),
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (email: string) => unwrap(api.POST('/api/v1/auth/password-reset', { body: { email } })),
  });
}

export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: (body: Schemas['PasswordResetConfirmDto']) =>
      unwrap(api.POST('/api/v1/auth/password-reset/confirm', { body })),
  });
}

export function useAcceptInvitation() {
  const { locale } = useLocale();
  return useMutation({
    mutationFn: (body: Schemas['AcceptInvitationDto']) =>
      unwrap(api.POST('/api/v1/auth/accept-invitation', { body: { ...body, language: locale } })),
  });
}
