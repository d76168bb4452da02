import { Alert, Stack } from '@mantine/core';
import { useSearch } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ButtonLink } from '../../../components/links';
import { ErrorState, LoadingState } from '../../../components/page-state';
import { useVerifyEmail } from '../api/auth';
import { AuthCard } from '../components/auth-card';

/** The e-mailed verification link lands here and confirms the address at once. */
export function VerifyEmailPage() {
  const intl = useIntl();
  const { token } = useSearch({ strict: false }) as { token?: string };
  const verify = useVerifyEmail();
  const sent = useRef(false);
  useEffect(() => {
    // Once per page even under StrictMode's double effects: the token is single-use.
    if (token && !sent.current) {
      sent.current = true;
      verify.mutate(token);
    }
  }, [token, verify]);

  return (
    <AuthCard title={intl.formatMessage({ id: 'auth.verify.title' })}>
      {!token ? (
        <Alert color="red" role="alert">
          <FormattedMessage id="auth.token.missing" />
        </Alert>
      ) : verify.isError ? (
        <ErrorState error={verify.error} />
      ) : verify.isSuccess ? (
        <Stack align="start">
          <Alert color="green" role="status" title={intl.formatMessage({ id: 'auth.verify.done.title' })}>
            <FormattedMessage id="auth.verify.done.body" />
          </Alert>
          <ButtonLink to="/sign-in" search={{}}>
            <FormattedMessage id="auth.signIn.submit" />
          </ButtonLink>
        </Stack>
      ) : (
        <LoadingState />
      )}
    </AuthCard>
  );
}
