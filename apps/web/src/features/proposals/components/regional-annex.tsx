import { Alert, Button, Card, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, unwrap } from '../../../api/client';
import { ApiError } from '../../../api/problem';
import { formatInZone } from '../../../i18n/format';
import type { ProposalPartner } from '../api/proposal';

/**
 * The regional annex a funded partner's region asks for (SPEC S6): its fields, given by that partner's
 * members until the annex's due date. Documents are attachments of the proposal named by their SHA-256.
 */
export function RegionalAnnex({
  proposalId,
  partner,
  fields,
  zone,
}: {
  proposalId: string;
  partner: ProposalPartner;
  fields: string[];
  zone: string;
}) {
  const intl = useIntl();
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f, ''])));
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/api/v1/proposals/{id}/annex/{organisationId}', {
          params: { path: { id: proposalId, organisationId: partner.organisationId } },
          body: { fields: values, documents: {} } as never,
        }),
      ) as Promise<{ dueAt: string }>,
  });
  const errorOf = (field: string) =>
    save.error instanceof ApiError ? save.error.fieldErrors(`fields.${field}`).join('; ') || undefined : undefined;
  const others = save.error instanceof ApiError ? save.error.errors.filter((e) => !e.field?.startsWith('fields.')) : [];
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={3} size="h5">
          <FormattedMessage
            id="proposal.annex.title"
            values={{ organisation: partner.legalName, region: partner.regionCode }}
          />
        </Title>
        {fields.map((f) => (
          <TextInput
            key={f}
            label={f}
            value={values[f] ?? ''}
            onChange={(e) => setValues({ ...values, [f]: e.currentTarget.value })}
            error={errorOf(f)}
          />
        ))}
        {save.isError && (
          <Alert color="red" role="alert" title={intl.formatMessage({ id: 'proposal.annex.refused' })}>
            {others.length ? (
              <List size="sm">
                {others.map((e, i) => (
                  <List.Item key={i}>{e.message}</List.Item>
                ))}
              </List>
            ) : (
              save.error.message
            )}
          </Alert>
        )}
        <Group>
          <Button variant="default" loading={save.isPending} onClick={() => save.mutate()}>
            <FormattedMessage id="proposal.annex.save" />
          </Button>
          {save.data && (
            <Text size="sm" role="status">
              <FormattedMessage
                id="proposal.annex.saved"
                values={{ time: formatInZone(intl, save.data.dueAt, zone), zone }}
              />
            </Text>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
