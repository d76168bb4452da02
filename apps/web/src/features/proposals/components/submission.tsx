import { Alert, Button, Card, Code, Group, Modal, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ApiError } from '../../../api/problem';
import { formatInZone } from '../../../i18n/format';
import {
  downloadVersionPdf,
  useSubmit,
  useWithdraw,
  type Proposal,
  type Receipt as ReceiptData,
  type Violation,
} from '../api/proposal';

function newKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Submission behind a confirmation: the Idempotency-Key is made once per attempt and kept until it
 * succeeds, so a retried click (or a lost answer) returns the same receipt instead of a second version.
 */
export function SubmitSection({
  proposal,
  beforeSubmit,
  onReceipt,
  onRefused,
}: {
  proposal: Proposal;
  /** Saves the draft's unsaved changes first; answers the new revision when there were some. */
  beforeSubmit: () => Promise<number | undefined>;
  onReceipt: (r: ReceiptData) => void;
  onRefused: (v: Violation[]) => void;
}) {
  const intl = useIntl();
  const submit = useSubmit(proposal.id);
  const [open, setOpen] = useState(false);
  const attempt = useRef<{ key: string; revision: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (!['DRAFT', 'SUBMITTED', 'WITHDRAWN'].includes(proposal.state)) return null;

  const confirm = async () => {
    setProblem(null);
    let revision: number;
    try {
      revision = (await beforeSubmit()) ?? proposal.revision;
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      return;
    }
    // One key per attempt at one revision: a retried click returns the first answer's receipt.
    if (!attempt.current || attempt.current.revision !== revision) attempt.current = { key: newKey(), revision };
    submit.mutate(
      { draftRevision: revision, idempotencyKey: attempt.current.key },
      {
        onSuccess: (receipt) => {
          attempt.current = null;
          setOpen(false);
          onReceipt(receipt);
        },
        onError: (error) => {
          setOpen(false);
          if (error instanceof ApiError && error.errors.length) onRefused(error.errors as Violation[]);
          const code = error instanceof ApiError ? error.code : undefined;
          const id = `submission.refused.${code}`;
          setProblem(code && intl.messages[id] ? intl.formatMessage({ id }) : error.message);
        },
      },
    );
  };

  return (
    <section aria-labelledby="submit-heading">
      <Title order={2} size="h3" id="submit-heading" mb="xs">
        <FormattedMessage id="submission.title" />
      </Title>
      <Stack gap="sm" align="start">
        <Text size="sm">
          <FormattedMessage
            id={proposal.lastVersion ? 'submission.explainAgain' : 'submission.explain'}
            values={{ version: proposal.lastVersion ?? 0 }}
          />
        </Text>
        <Button color="red.8" onClick={() => setOpen(true)}>
          <FormattedMessage id="submission.open" />
        </Button>
        {problem && (
          <Alert color="red" role="alert" title={intl.formatMessage({ id: 'submission.refused' })}>
            {problem}
          </Alert>
        )}
      </Stack>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={intl.formatMessage({ id: 'submission.confirm.title' })}
        closeButtonProps={{ 'aria-label': intl.formatMessage({ id: 'submission.confirm.cancel' }) }}
        centered
      >
        <Stack>
          <Text>
            <FormattedMessage
              id="submission.confirm.body"
              values={{ acronym: proposal.acronym, revision: proposal.revision }}
            />
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              <FormattedMessage id="submission.confirm.cancel" />
            </Button>
            <Button color="red.8" onClick={() => void confirm()} loading={submit.isPending} data-autofocus>
              <FormattedMessage id="submission.confirm.submit" />
            </Button>
          </Group>
        </Stack>
      </Modal>
    </section>
  );
}

/** The submission receipt: version, time in the call's zone and in UTC, SHA-256, the PDF. */
export function Receipt({ receipt, acronym, zone }: { receipt: ReceiptData; acronym: string; zone: string }) {
  const intl = useIntl();
  const [failed, setFailed] = useState<string | null>(null);
  return (
    <Card withBorder role="status" aria-labelledby="receipt-heading" data-testid="receipt">
      <Title order={2} size="h3" id="receipt-heading" mb="xs">
        <FormattedMessage id="submission.receipt.title" values={{ version: receipt.version }} />
      </Title>
      <Table>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">
              <FormattedMessage id="submission.receipt.version" />
            </Table.Th>
            <Table.Td>{receipt.version}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">
              <FormattedMessage id="submission.receipt.time" />
            </Table.Th>
            <Table.Td>
              <FormattedMessage
                id="time.inZone"
                values={{ time: formatInZone(intl, receipt.submittedAt, zone), zone }}
              />
              <br />
              <FormattedMessage
                id="time.inZone"
                values={{ time: formatInZone(intl, receipt.submittedAt, 'UTC'), zone: 'UTC' }}
              />
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">
              <FormattedMessage id="submission.receipt.sha256" />
            </Table.Th>
            <Table.Td>
              <Code style={{ wordBreak: 'break-all' }}>{receipt.sha256}</Code>
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Group mt="sm">
        <Button
          variant="default"
          onClick={() =>
            downloadVersionPdf(receipt.proposalId, receipt.version, acronym).catch((e: Error) => setFailed(e.message))
          }
        >
          <FormattedMessage id="versions.pdf" values={{ version: receipt.version }} />
        </Button>
        {failed && (
          <Text c="red.9" role="alert">
            {failed}
          </Text>
        )}
      </Group>
    </Card>
  );
}

/** Withdrawal with a reason, behind a confirmation. */
export function WithdrawSection({ proposalId }: { proposalId: string }) {
  const intl = useIntl();
  const withdraw = useWithdraw(proposalId);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <section aria-labelledby="withdraw-heading">
      <Title order={2} size="h3" id="withdraw-heading" mb="xs">
        <FormattedMessage id="submission.withdraw.title" />
      </Title>
      <Stack gap="sm" align="start">
        <Text size="sm">
          <FormattedMessage id="submission.withdraw.explain" />
        </Text>
        <Button variant="outline" color="red.8" onClick={() => setOpen(true)}>
          <FormattedMessage id="submission.withdraw.open" />
        </Button>
      </Stack>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={intl.formatMessage({ id: 'submission.withdraw.confirm' })}
        closeButtonProps={{ 'aria-label': intl.formatMessage({ id: 'submission.confirm.cancel' }) }}
        centered
      >
        <Stack>
          <Textarea
            label={intl.formatMessage({ id: 'submission.withdraw.reason' })}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            minRows={3}
            autosize
            error={withdraw.isError ? withdraw.error.message : undefined}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              <FormattedMessage id="submission.confirm.cancel" />
            </Button>
            <Button
              color="red.8"
              disabled={reason.trim().length < 3}
              loading={withdraw.isPending}
              onClick={() => withdraw.mutate(reason.trim(), { onSuccess: () => setOpen(false) })}
            >
              <FormattedMessage id="submission.withdraw.submit" />
            </Button>
          </Group>
        </Stack>
      </Modal>
    </section>
  );
}
