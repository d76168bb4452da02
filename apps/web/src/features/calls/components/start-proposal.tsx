import { Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { api, unwrap } from '../../../api/client';
import { ApiError } from '../../../api/problem';

/** A signed-in applicant starts a draft for this call and lands in the editor. */
export function StartProposal({ callId }: { callId: string }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const [acronym, setAcronym] = useState('');
  const [title, setTitle] = useState('');
  const start = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/calls/{id}/proposals', {
          params: { path: { id: callId } },
          body: { acronym: acronym.trim(), title: title.trim() },
        }),
      ),
    onSuccess: (created) =>
      void navigate({ to: '/proposals/$proposalId', params: { proposalId: (created as { id: string }).id } }),
  });
  const fieldError = (field: string) =>
    start.error instanceof ApiError ? start.error.fieldErrors(field).join('; ') || undefined : undefined;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        start.mutate();
      }}
    >
      <Stack gap="xs">
        <Text size="sm">
          <FormattedMessage id="proposal.start.explain" />
        </Text>
        <TextInput
          label={intl.formatMessage({ id: 'proposal.start.acronym' })}
          value={acronym}
          maxLength={20}
          required
          onChange={(e) => setAcronym(e.currentTarget.value)}
          error={fieldError('acronym')}
        />
        <TextInput
          label={intl.formatMessage({ id: 'proposal.start.title' })}
          value={title}
          required
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={fieldError('title')}
        />
        {start.isError && !fieldError('acronym') && !fieldError('title') && (
          <Text c="red.9" size="sm" role="alert">
            {start.error.message}
          </Text>
        )}
        <Button type="submit" loading={start.isPending} disabled={!acronym.trim() || !title.trim()}>
          <FormattedMessage id="proposal.start.submit" />
        </Button>
      </Stack>
    </form>
  );
}
