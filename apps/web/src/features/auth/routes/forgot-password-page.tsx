import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { FieldError } from '../../../api/problem';
import { applyServerErrors, FormAlert } from '../../../components/form-errors';
import { useRequestPasswordReset } from '../api/auth';
import { AuthCard } from '../components/auth-card';

export function ForgotPasswordPage() {
  const intl = useIntl();
  const request = useRequestPasswordReset();
  const [refused, setRefused] = useState<FieldError[]>([]);
  const form = useForm({ initialValues: { email: '' } });
  return (
    <AuthCard title={intl.formatMessage({ id: 'auth.forgot.title' })}>
      {request.isSuccess ? (
        <Alert color="green" role="status" title={intl.formatMessage({ id: 'auth.forgot.sent.title' })}>
          <FormattedMessage id="auth.forgot.sent.body" />
        </Alert>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            setRefused([]);
            request.mutate(values.email.trim(), {
              onError: (error) => setRefused(applyServerErrors(form, error, ['email'])),
            });
          })}
        >
          <Stack>
            <FormAlert errors={refused} />
            <TextInput
              label={intl.formatMessage({ id: 'auth.email' })}
              type="email"
              autoComplete="email"
              required
              {...form.getInputProps('email')}
            />
            <Button type="submit" loading={request.isPending}>
              <FormattedMessage id="auth.forgot.submit" />
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
