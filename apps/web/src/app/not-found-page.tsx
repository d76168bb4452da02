import { Stack, Text } from '@mantine/core';
import { FormattedMessage, useIntl } from 'react-intl';
import { AnchorLink } from '../components/links';
import { PageTitle } from '../components/page-title';

export function NotFoundPage() {
  const intl = useIntl();
  return (
    <Stack>
      <PageTitle>{intl.formatMessage({ id: 'notFound.title' })}</PageTitle>
      <Text>
        <FormattedMessage id="notFound.body" />
      </Text>
      <AnchorLink to="/calls">
        <FormattedMessage id="nav.calls" />
      </AnchorLink>
    </Stack>
  );
}
