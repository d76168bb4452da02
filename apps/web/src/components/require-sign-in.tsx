import { Alert, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useSession } from '../app/session-provider';
import { ButtonLink } from './links';
import { LoadingState } from './page-state';

/** Pages for signed-in people: anonymous visitors are offered the sign-in page instead. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { status } = useSession();
  const intl = useIntl();
  if (status === 'starting') return <LoadingState />;
  if (status === 'anonymous')
    return (
      <Stack maw={480}>
        <Alert title={intl.formatMessage({ id: 'auth.required.title' })}>
          <FormattedMessage id="auth.required.body" />
        </Alert>
        <ButtonLink to="/sign-in" search={{ next: window.location.pathname + window.location.search }}>
          <FormattedMessage id="auth.signIn.submit" />
        </ButtonLink>
      </Stack>
    );
  return <>{children}</>;
}
