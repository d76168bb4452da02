import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { FieldError } from '../../../api/problem';
import { applyServerErrors, FormAlert } from '../../../components/form-errors';
import { ButtonLink } from '../../../components/links';
import { useAcceptInvitation } from '../api/auth';
import { AuthCard } from '../components/auth-card';

const FIELDS = ['displayName', 'password'] as const;

/** An invited person accepts; someone without an account chooses a name and a password here. */
export function AcceptInvitationPage() {
  const intl = useIntl();
  const { token } = useSearch({ strict: false }) as { token?: string };
  const accept = useAcceptInvitation();
  const [refused, setRefused] = useState<FieldError[]>([]);
  const form = useForm({ initialValues: { displayName: '', password: '' } });
  return (
    <AuthCard title={intl.formatMessage({ id: 'auth.invitation.title' })}>
      {!token ? (
        <Alert color="red" role="alert">
          <FormattedMessage id="auth.token.missing" />
        </Alert>
      ) : accept.isSuccess ? (
        <Stack align="start">
          <Alert color="green" role="status" title={intl.formatMessage({ id: 'auth.invitation.done.title' })}>
            <FormattedMessage id="auth.invitation.done.body" />
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
            accept.mutate(
              { token, displayName: values.displayName.trim() || undefined, password: values.password || undefined },
              { onError: (error) => setRefused(applyServerErrors(form, error, FIELDS)) },
            );
          })}
        >
          <Stack>
            <Text size="sm">
              <FormattedMessage id="auth.invitation.help" />
            </Text>
            <FormAlert errors={refused} />
            <TextInput
              label={intl.formatMessage({ id: 'auth.displayName' })}
              autoComplete="name"
              {...form.getInputProps('displayName')}
            />
            <PasswordInput
              label={intl.formatMessage({ id: 'auth.password' })}
              description={intl.formatMessage({ id: 'auth.passwordRule' })}
              autoComplete="new-password"
              {...form.getInputProps('password')}
            />
            <Button type="submit" loading={accept.isPending}>
              <FormattedMessage id="auth.invitation.submit" />
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
