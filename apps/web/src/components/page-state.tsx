import { Alert, Center, Loader, Stack, Text } from '@mantine/core';
import { FormattedMessage, useIntl } from 'react-intl';
import { ApiError } from '../api/problem';
import { useProblemMessage } from '../i18n/problem-messages';

export function LoadingState() {
  const intl = useIntl();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader aria-hidden />
        <Text>{intl.formatMessage({ id: 'state.loading' })}</Text>
      </Stack>
    </Center>
  );
}

export function ErrorState({ error }: { error: unknown }) {
  const intl = useIntl();
  const word = useProblemMessage();
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <Alert
      color="red"
      title={intl.formatMessage({ id: notFound ? 'state.notFound.title' : 'state.error.title' })}
      role="alert"
    >
      {notFound ? (
        <FormattedMessage id="state.notFound.body" />
      ) : (
        <FormattedMessage
          id="state.error.body"
          values={{
            detail:
              error instanceof ApiError ? word(error.asFieldError()) : error instanceof Error ? error.message : '',
          }}
        />
      )}
    </Alert>
  );
}

export function EmptyState({ messageId }: { messageId: string }) {
  return (
    <Text py="lg" ta="center" c="dimmed">
      <FormattedMessage id={messageId} />
    </Text>
  );
}
