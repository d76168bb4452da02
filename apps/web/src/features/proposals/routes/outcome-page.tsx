import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { AnchorLink } from '../../../components/links';
import { ErrorState, LoadingState } from '../../../components/page-state';
import { PageTitle } from '../../../components/page-title';
import { RequireSignIn } from '../../../components/require-sign-in';
import { formatBps, formatInZone, formatMoney } from '../../../i18n/format';
import { useCallZone, useFileRedress, useOutcome, useProposal, useRedress, type Outcome } from '../api/proposal';

const OUTCOME_COLOR: Record<string, string> = {
  SELECTED: 'teal.9',
  RESERVE: 'grape.9',
  NOT_FUNDED: 'gray.8',
  BELOW_THRESHOLD: 'red.9',
};

function Evaluation({ report }: { report: NonNullable<Outcome['report']> }) {
  const intl = useIntl();
  const number = (n: string | number | null) =>
    n === null ? '—' : intl.formatNumber(Number(n), { maximumFractionDigits: 2 });
  return (
    <section aria-labelledby="evaluation-heading">
      <Title order={2} size="h3" id="evaluation-heading" mb="xs">
        <FormattedMessage id="outcome.evaluation" />
      </Title>
      <Table.ScrollContainer minWidth={640}>
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">
                <FormattedMessage id="outcome.criterion" />
              </Table.Th>
              <Table.Th scope="col">
                <FormattedMessage id="outcome.weight" />
              </Table.Th>
              <Table.Th scope="col">
                <FormattedMessage id="outcome.score" />
              </Table.Th>
              <Table.Th scope="col">
                <FormattedMessage id="outcome.comment" />
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.criteria.map((c) => (
              <Table.Tr key={c.criterion}>
                <Table.Th scope="row">{c.criterion}</Table.Th>
                <Table.Td>{c.weight === null ? '—' : number(c.weight)}</Table.Td>
                <Table.Td>{number(c.score)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'pre-line' }}>{c.comment}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group mt="xs" gap="xl">
        <Text>
          <FormattedMessage id="outcome.unweightedSum" values={{ value: number(report.unweightedSum) }} />
        </Text>
        <Text>
          <FormattedMessage id="outcome.weightedTotal" values={{ value: number(report.weightedTotal) }} />
        </Text>
      </Group>
      {report.thresholdReasons.length > 0 && (
        <Alert color="red" mt="sm" title={intl.formatMessage({ id: 'outcome.thresholds' })}>
          <List size="sm">
            {report.thresholdReasons.map((r, i) => (
              <List.Item key={i}>
                {r.code === 'CRITERION_BELOW_THRESHOLD' ? (
                  <FormattedMessage
                    id="outcome.threshold.criterion"
                    values={{
                      criterion: r.criterion ?? '',
                      score: number(r.score ?? 0),
                      threshold: number(r.threshold),
                    }}
                  />
                ) : (
                  <FormattedMessage
                    id="outcome.threshold.sum"
                    values={{ sum: number(r.sum ?? 0), threshold: number(r.threshold) }}
                  />
                )}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </section>
  );
}

function Grants({ outcome, zone }: { outcome: Outcome; zone: string }) {
  const intl = useIntl();
  if (!outcome.grants?.length) return null;
  return (
    <section aria-labelledby="grants-heading">
      <Title order={2} size="h3" id="grants-heading" mb="xs">
        <FormattedMessage id="outcome.grants" />
      </Title>
      <Stack gap="sm">
        {outcome.grants.map((g) => (
          <Card withBorder key={g.grantId}>
            <Group justify="space-between">
              <Title order={3} size="h5">
                {g.organisationName} ({g.regionCode})
              </Title>
              <Badge color={g.status === 'AWARDED' ? 'teal.9' : 'red.9'}>
                <FormattedMessage id={`outcome.grantStatus.${g.status}`} />
              </Badge>
            </Group>
            <Text size="sm">
              <FormattedMessage
                id="outcome.grant.summary"
                values={{
                  amount: formatMoney(intl, g.amount, g.currency),
                  agency: g.agencyName,
                  start: intl.formatDate(g.projectStart, { dateStyle: 'medium', timeZone: zone }),
                  zone,
                }}
              />
            </Text>
            {g.conditions && (
              <Text size="sm" mt={4}>
                <FormattedMessage id="outcome.grant.conditions" values={{ conditions: g.conditions }} />
              </Text>
            )}
            <Table.ScrollContainer minWidth={560}>
              <Table mt="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">
                      <FormattedMessage id="outcome.instalment" />
                    </Table.Th>
                    <Table.Th scope="col">
                      <FormattedMessage id="outcome.instalment.trigger" />
                    </Table.Th>
                    <Table.Th scope="col">
                      <FormattedMessage id="outcome.instalment.amount" />
                    </Table.Th>
                    <Table.Th scope="col">
                      <FormattedMessage id="outcome.instalment.status" />
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {g.instalments.map((i) => (
                    <Table.Tr key={i.seq}>
                      <Table.Td>{i.seq}</Table.Td>
                      <Table.Td>
                        <FormattedMessage
                          id={`outcome.trigger.${i.trigger}`}
                          values={{ milestone: i.milestone?.title ?? '', index: (i.milestone?.index ?? 0) + 1 }}
                        />
                      </Table.Td>
                      <Table.Td>
                        {formatMoney(intl, i.amount, g.currency)} ({formatBps(intl, i.shareBps)})
                      </Table.Td>
                      <Table.Td>
                        <FormattedMessage id={`outcome.instalmentStatus.${i.status}`} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        ))}
      </Stack>
    </section>
  );
}

function Redress({ proposalId, zone }: { proposalId: string; zone: string }) {
  const intl = useIntl();
  const requests = useRedress(proposalId);
  const file = useFileRedress(proposalId);
  const [grounds, setGrounds] = useState('');
  return (
    <section aria-labelledby="redress-heading">
      <Title order={2} size="h3" id="redress-heading" mb="xs">
        <FormattedMessage id="redress.title" />
      </Title>
      {requests.isPending ? (
        <LoadingState />
      ) : requests.isError ? (
        <ErrorState error={requests.error} />
      ) : requests.data.items.length > 0 ? (
        <Stack gap="xs">
          {requests.data.items.map((r) => (
            <Card withBorder key={r.id}>
              <Group gap="xs">
                <Badge>
                  <FormattedMessage id={`redress.status.${r.status}`} />
                </Badge>
                <Text size="sm">
                  <FormattedMessage id="redress.filedAt" values={{ time: formatInZone(intl, r.filedAt, zone), zone }} />
                </Text>
              </Group>
              <Text size="sm" mt={4} style={{ whiteSpace: 'pre-line' }}>
                {r.grounds}
              </Text>
              {r.outcome && (
                <Text size="sm" mt={4}>
                  <FormattedMessage id={`redress.outcome.${r.outcome}`} />
                </Text>
              )}
            </Card>
          ))}
        </Stack>
      ) : (
        <Stack gap="xs" maw={720}>
          <Text size="sm">
            <FormattedMessage id="redress.explain" />
          </Text>
          <Textarea
            label={intl.formatMessage({ id: 'redress.grounds' })}
            value={grounds}
            onChange={(e) => setGrounds(e.currentTarget.value)}
            autosize
            minRows={3}
            maxLength={10_000}
          />
          {file.isError && (
            <Alert color="red" role="alert" title={intl.formatMessage({ id: 'redress.refused' })}>
              {file.error.message}
            </Alert>
          )}
          <Group>
            <Button disabled={!grounds.trim()} loading={file.isPending} onClick={() => file.mutate(grounds.trim())}>
              <FormattedMessage id="redress.submit" />
            </Button>
          </Group>
        </Stack>
      )}
    </section>
  );
}

function OutcomeView({ proposalId }: { proposalId: string }) {
  const intl = useIntl();
  const proposal = useProposal(proposalId);
  const outcome = useOutcome(proposalId);
  const zone = useCallZone(proposal.data?.callId) ?? 'UTC';
  if (outcome.isPending) return <LoadingState />;
  if (outcome.isError) return <ErrorState error={outcome.error} />;
  const o = outcome.data;
  return (
    <Stack gap="lg">
      <div>
        <PageTitle>{intl.formatMessage({ id: 'outcome.title' }, { acronym: o.acronym })}</PageTitle>
        <Text>{o.title}</Text>
        <AnchorLink to="/proposals/$proposalId" params={{ proposalId }}>
          <FormattedMessage id="versions.back" />
        </AnchorLink>
      </div>
      {o.status === 'PENDING' ? (
        <Alert title={intl.formatMessage({ id: 'outcome.pending.title' })}>
          <FormattedMessage id="outcome.pending.body" />
        </Alert>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Card withBorder>
              <Text size="sm" c="dimmed">
                <FormattedMessage id="outcome.outcome" />
              </Text>
              <Badge size="lg" color={OUTCOME_COLOR[o.outcome ?? ''] ?? 'gray.8'} data-testid="outcome">
                <FormattedMessage id={`outcome.kind.${o.outcome}`} />
              </Badge>
              {o.approval === 'APPROVED_WITH_CONDITIONS' && (
                <Text size="sm" mt={4}>
                  <FormattedMessage id="outcome.withConditions" />
                </Text>
              )}
            </Card>
            <Card withBorder>
              <Text size="sm" c="dimmed">
                <FormattedMessage id="outcome.rank" />
              </Text>
              <Text fw={700} size="xl">
                {o.rank ?? '—'}
              </Text>
            </Card>
            <Card withBorder>
              <Text size="sm" c="dimmed">
                <FormattedMessage id="outcome.decidedAt" />
              </Text>
              <Text>
                {o.decidedAt ? (
                  <FormattedMessage id="time.inZone" values={{ time: formatInZone(intl, o.decidedAt, zone), zone }} />
                ) : (
                  '—'
                )}
              </Text>
            </Card>
          </SimpleGrid>
          {o.conditions && o.conditions.length > 0 && (
            <Alert color="orange" title={intl.formatMessage({ id: 'outcome.conditions' })}>
              <List size="sm">
                {o.conditions.map((c) => (
                  <List.Item key={c.regionCode}>
                    {c.agencyName} ({c.regionCode}): {c.conditions}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          {o.reserve && (
            <Alert color="orange" title={intl.formatMessage({ id: 'outcome.reserve' })}>
              <FormattedMessage
                id="outcome.reserve.regions"
                values={{ regions: o.reserve.blockingRegions.join(', ') }}
              />
            </Alert>
          )}
          {o.report && <Evaluation report={o.report} />}
          <Grants outcome={o} zone={zone} />
          <Redress proposalId={proposalId} zone={zone} />
        </>
      )}
    </Stack>
  );
}

/** The funding decision for one proposal: outcome, rank, the evaluation summary, grants, redress. */
export function OutcomePage() {
  const { proposalId } = useParams({ strict: false }) as { proposalId: string };
  return (
    <RequireSignIn>
      <OutcomeView proposalId={proposalId} />
    </RequireSignIn>
  );
}
