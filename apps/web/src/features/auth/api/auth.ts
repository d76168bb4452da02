import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { Schemas } from '../../../api/schema';

export function useRegister() {
  return useMutation({ mutationFn: (body: Schemas['RegisterRequestDto']) => unwrap(api.POST('/api/v1/auth/register', { body })) });
}

export function useVerifyEmail() {
  return useMutation({ mutationFn: (token: string) => unwrap(api.POST('/api/v1/auth/verify-email', { body: { token } })) });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: (email: string) => unwrap(api.POST('/api/v1/auth/password-reset', { body: { email } })) });
}

export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: (body: Schemas['PasswordResetConfirmDto']) => unwrap(api.POST('/api/v1/auth/password-reset/confirm', { body })),
  });
}

export function useAcceptInvitation() {
  return useMutation({
    mutationFn: (body: Schemas['AcceptInvitationDto']) => unwrap(api.POST('/api/v1/auth/accept-invitation', { body })),
  });
}
