import { Group, Paper, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { formatInZone, remaining } from '../../../i18n/format';

/** Time left until the submission deadline, ticking each second; the deadline named in the call's zone. */
export function Countdown({ deadline, timeZone }: { deadline: string; timeZone: string }) {
  const intl = useIntl();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const left = remaining(Date.parse(deadline), now);
  return (
    <Paper withBorder p="md" role="timer" aria-label={intl.formatMessage({ id: 'call.countdown.label' })}>
      <Text size="sm" c="dimmed">
        <FormattedMessage
          id="call.countdown.until"
          values={{ time: formatInZone(intl, deadline, timeZone), zone: timeZone }}
        />
      </Text>
      <Group gap="lg" mt={4} data-testid="countdown">
        {left.passed ? (
          <Text fw={700}>
            <FormattedMessage id="call.countdown.passed" />
          </Text>
        ) : (
          <Text fw={700} size="xl">
            <FormattedMessage id="call.countdown.value" values={left} />
          </Text>
        )}
      </Group>
    </Paper>
  );
}
