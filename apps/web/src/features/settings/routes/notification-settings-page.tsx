import { Alert, Button, Group, Radio, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ApiError, type FieldError } from '../../../api/problem';
import { useSession } from '../../../app/session-provider';
import { FormAlert } from '../../../components/form-errors';
import { useProblemMessage } from '../../../i18n/problem-messages';
import { LoadingState } from '../../../components/page-state';
import { PageTitle } from '../../../components/page-title';
import { RequireSignIn } from '../../../components/require-sign-in';
import { useSavePreferences, type Preference } from '../api/preferences';

const MODES = ['IMMEDIATE', 'DAILY_DIGEST', 'OFF'] as const;

function PreferencesForm() {
  const intl = useIntl();
  const word = useProblemMessage();
  const { me } = useSession();
  const save = useSavePreferences();
  const [choices, setChoices] = useState<Record<string, Preference['mode']>>({});
  const [refused, setRefused] = useState<FieldError[]>([]);
  useEffect(() => {
    if (me) setChoices(Object.fromEntries(me.notificationPreferences.map((p) => [p.kind, p.mode])));
  }, [me]);
  if (!me) return <LoadingState />;
  const kinds = me.notificationPreferences as Array<Preference & { critical?: boolean }>;
  const rowError = (index: number) => refused.filter((e) => e.field === `preferences[${index}].mode`).map(word);

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setRefused([]);
        const preferences = kinds
          .filter((k) => !k.critical)
          .map((k) => ({ kind: k.kind, mode: choices[k.kind] ?? k.mode }));
        save.mutate(preferences, {
          onError: (error) =>
            setRefused(
              error instanceof ApiError
                ? error.errors.length
                  ? error.errors
                  : [error.asFieldError()]
                : [{ message: String(error) }],
            ),
        });
      }}
    >
      <Stack>
        <Text>
          <FormattedMessage id="settings.intro" />
        </Text>
        <FormAlert errors={refused.filter((e) => !e.field)} />
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">
                <FormattedMessage id="settings.kind" />
              </Table.Th>
              <Table.Th scope="col">
                <FormattedMessage id="settings.delivery" />
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {kinds.map((k, index) => {
              const name = intl.formatMessage({ id: `notificationKinds.${k.kind}`, defaultMessage: k.kind });
              return (
                <Table.Tr key={k.kind}>
                  <Table.Td>{name}</Table.Td>
                  <Table.Td>
                    {k.critical ? (
                      <Text size="sm">
                        <FormattedMessage id="settings.critical" />
                      </Text>
                    ) : (
                      <Radio.Group
                        label={name}
                        labelProps={{ className: 'visually-hidden' }}
                        value={choices[k.kind] ?? k.mode}
                        onChange={(value) => setChoices((c) => ({ ...c, [k.kind]: value as Preference['mode'] }))}
                        error={rowError(index).join('; ') || undefined}
                      >
                        <Group gap="md">
                          {MODES.map((mode) => (
                            <Radio
                              key={mode}
                              value={mode}
                              label={intl.formatMessage({ id: `settings.mode.${mode}` })}
                            />
                          ))}
                        </Group>
                      </Radio.Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Group>
          <Button type="submit" loading={save.isPending}>
            <FormattedMessage id="settings.save" />
          </Button>
        </Group>
        {save.isSuccess && (
          <Alert color="green" role="status">
            <FormattedMessage id="settings.saved" />
          </Alert>
        )}
      </Stack>
    </form>
  );
}

export function NotificationSettingsPage() {
  const intl = useIntl();
  return (
    <RequireSignIn>
      <PageTitle>{intl.formatMessage({ id: 'settings.title' })}</PageTitle>
      <PreferencesForm />
    </RequireSignIn>
  );
}
