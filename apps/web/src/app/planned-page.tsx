import { Alert } from '@mantine/core';
import { FormattedMessage, useIntl } from 'react-intl';
import { RequireSignIn } from '../components/require-sign-in';
import { PageTitle } from '../components/page-title';

/** A page that e-mails link to and whose workspace is not built yet. */
export function PlannedPage() {
  const intl = useIntl();
  return (
    <RequireSignIn>
      <PageTitle>{intl.formatMessage({ id: 'planned.title' })}</PageTitle>
      <Alert>
        <FormattedMessage id="planned.body" />
      </Alert>
    </RequireSignIn>
  );
}
