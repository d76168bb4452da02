import { Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { FieldError } from '../../../api/problem';
import { useSession } from '../../../app/session-provider';
import { applyServerErrors, FormAlert } from '../../../components/form-errors';
import { AnchorLink } from '../../../components/links';
import { AuthCard } from '../components/auth-card';

const FIELDS = ['email', 'password'] as const;

export function SignInPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const { next } = useSearch({ strict: false }) as { next?: string };
  const { signIn } = useSession();
  const [refused, setRefused] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const form = useForm({ initialValues: { email: '', password: '' } });

  const submit = async (values: typeof form.values) => {
    setBusy(true);
    setRefused([]);
    try {
      await signIn(values.email.trim(), values.password);
      // Only a path of this app: an open redirect would hand the session to another site's page.
      await navigate({ to: next?.startsWith('/') && !next.startsWith('//') ? next : '/tasks' });
    } catch (error) {
      setRefused(applyServerErrors(form, error, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title={intl.formatMessage({ id: 'auth.signIn.title' })}>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <FormAlert errors={refused} />
          <TextInput
            label={intl.formatMessage({ id: 'auth.email' })}
            type="email"
            autoComplete="username"
            required
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={intl.formatMessage({ id: 'auth.password' })}
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={busy}>
            <FormattedMessage id="auth.signIn.submit" />
          </Button>
          <Group justify="space-between">
            <AnchorLink to="/forgot-password" size="sm">
              <FormattedMessage id="auth.forgot.link" />
            </AnchorLink>
            <AnchorLink to="/register" size="sm">
              <FormattedMessage id="auth.register.link" />
            </AnchorLink>
          </Group>
        </Stack>
      </form>
    </AuthCard>
  );
}
