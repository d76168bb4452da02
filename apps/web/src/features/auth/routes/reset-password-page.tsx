import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { FieldError } from '../../../api/problem';
import { applyServerErrors, FormAlert } from '../../../components/form-errors';
import { ButtonLink } from '../../../components/links';
import { useConfirmPasswordReset } from '../api/auth';
import { AuthCard } from '../components/auth-card';

export function ResetPasswordPage() {
  const intl = useIntl();
  const { token } = useSearch({ strict: false }) as { token?: string };
  const confirm = useConfirmPasswordReset();
  const [refused, setRefused] = useState<FieldError[]>([]);
  const form = useForm({
    initialValues: { newPassword: '', repeat: '' },
    validate: {
      repeat: (value, values) =>
        value === values.newPassword ? null : intl.formatMessage({ id: 'auth.reset.mismatch' }),
    },
  });
  return (
    <AuthCard title={intl.formatMessage({ id: 'auth.reset.title' })}>
      {!token ? (
        <Alert color="red" role="alert">
          <FormattedMessage id="auth.token.missing" />
        </Alert>
      ) : confirm.isSuccess ? (
        <Stack align="start">
          <Alert color="green" role="status" title={intl.formatMessage({ id: 'auth.reset.done.title' })}>
            <FormattedMessage id="auth.reset.done.body" />
          </Alert>
          <ButtonLink to="/sign-in" search={{}}>
            <FormattedMessage id="auth.signIn.submit" />
          </ButtonLink>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            setRefused([]);
            confirm.mutate(
              { token, newPassword: values.newPassword },
              { onError: (error) => setRefused(applyServerErrors(form, error, ['newPassword'])) },
            );
          })}
        >
          <Stack>
            <FormAlert errors={refused} />
            <PasswordInput
              label={intl.formatMessage({ id: 'auth.reset.newPassword' })}
              description={intl.formatMessage({ id: 'auth.passwordRule' })}
              autoComplete="new-password"
              required
              {...form.getInputProps('newPassword')}
            />
            <PasswordInput
              label={intl.formatMessage({ id: 'auth.reset.repeat' })}
              autoComplete="new-password"
              required
              {...form.getInputProps('repeat')}
            />
            <Button type="submit" loading={confirm.isPending}>
              <FormattedMessage id="auth.reset.submit" />
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
