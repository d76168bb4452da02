import {
  Alert,
  Badge,
  Button,
  Card,
  FileButton,
  Group,
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
import { MoneyInput } from '../../../components/money-input';
import { ErrorState, LoadingState } from '../../../components/page-state';
import { PageTitle } from '../../../components/page-title';
import { RequireSignIn } from '../../../components/require-sign-in';
import { formatBps, formatDay, formatMoney } from '../../../i18n/format';
import {
  useCallZone,
  usePartnerNames,
  useProject,
  useSubmitMilestoneReport,
  useUploadAgreement,
  type Project,
} from '../api/project';

function Agreement({ project }: { project: Project }) {
  const intl = useIntl();
  const upload = useUploadAgreement(project.id);
  const canUpload = project.consortiumAgreement === 'NONE' || project.consortiumAgreement === 'RETURNED';
  return (
    <section aria-labelledby="agreement-heading">
      <Title order={2} size="h3" id="agreement-heading" mb="xs">
        <FormattedMessage id="project.agreement" />
      </Title>
      <Group>
        <Badge variant="outline" color="gray.8">
          <FormattedMessage
            id={`project.agreement.${project.consortiumAgreement}`}
            defaultMessage={project.consortiumAgreement}
          />
        </Badge>
        {canUpload && (
          <FileButton onChange={(file) => file && upload.mutate(file)} accept="application/pdf">
            {(props) => (
              <Button variant="default" loading={upload.isPending} {...props}>
                <FormattedMessage id="project.agreement.upload" />
              </Button>
            )}
          </FileButton>
        )}
      </Group>
      {upload.isError && (
        <Alert color="red" role="alert" mt="xs" title={intl.formatMessage({ id: 'project.refused' })}>
          {upload.error.message}
        </Alert>
      )}
    </section>
  );
}

function ReportForm({
  project,
  idx,
  names,
  onDone,
}: {
  project: Project;
  idx: number;
  names: Record<string, string>;
  onDone: () => void;
}) {
  const intl = useIntl();
  const submit = useSubmitMilestoneReport(project.id);
  const funded = [...new Map(project.grants.map((g) => [g.organisationId, g])).values()];
  const [summary, setSummary] = useState('');
  const [parts, setParts] = useState(
    funded.map((g) => ({ organisationId: g.organisationId, narrative: '', costsIncurred: 0 })),
  );
  const part = (i: number, patch: Partial<(typeof parts)[number]>) =>
    setParts(parts.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={3} size="h4">
          <FormattedMessage id="project.report.title" values={{ n: idx + 1 }} />
        </Title>
        <Textarea
          label={intl.formatMessage({ id: 'project.report.summary' })}
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
          autosize
          minRows={3}
        />
        {funded.map((g, i) => (
          <Card withBorder key={g.organisationId} p="sm">
            <Text fw={600} mb={4}>
              {names[g.organisationId] ?? g.organisationId} ({g.regionCode})
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Textarea
                label={intl.formatMessage(
                  { id: 'project.report.narrative' },
                  { organisation: names[g.organisationId] ?? g.regionCode },
                )}
                value={parts[i].narrative}
                onChange={(e) => part(i, { narrative: e.currentTarget.value })}
                autosize
                minRows={2}
              />
              <MoneyInput
                label={intl.formatMessage(
                  { id: 'project.report.costs' },
                  { organisation: names[g.organisationId] ?? g.regionCode },
                )}
                currency={g.currency}
                value={parts[i].costsIncurred}
                onChange={(v) => part(i, { costsIncurred: v })}
              />
            </SimpleGrid>
          </Card>
        ))}
        {submit.isError && (
          <Alert color="red" role="alert" title={intl.formatMessage({ id: 'project.refused' })}>
            {submit.error.message}
          </Alert>
        )}
        <Group>
          <Button
            loading={submit.isPending}
            onClick={() => submit.mutate({ idx, body: { summary, partnerParts: parts } }, { onSuccess: onDone })}
          >
            <FormattedMessage id="project.report.submit" />
          </Button>
          <Button variant="default" onClick={onDone}>
            <FormattedMessage id="project.report.cancel" />
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function ProjectView({ project }: { project: Project }) {
  const intl = useIntl();
  const zone = useCallZone(project.callId) ?? 'UTC';
  const names = usePartnerNames(project.proposalId);
  const [reporting, setReporting] = useState<number | null>(null);
  return (
    <Stack gap="xl">
      <div>
        <PageTitle>{intl.formatMessage({ id: 'project.title' }, { acronym: project.acronym })}</PageTitle>
        <Group gap="xs">
          <Badge>
            <FormattedMessage id={`project.state.${project.state}`} />
          </Badge>
          <Text size="sm">
            <FormattedMessage
              id="project.period"
              values={{
                start: formatDay(intl, `${project.startDate}T12:00:00Z`, zone),
                end: formatDay(intl, project.endsAt, zone),
                months: project.durationMonths,
                zone,
              }}
            />
          </Text>
        </Group>
      </div>
      <Agreement project={project} />
      <section aria-labelledby="milestones-heading">
        <Title order={2} size="h3" id="milestones-heading" mb="xs">
          <FormattedMessage id="project.milestones" />
        </Title>
        <Table.ScrollContainer minWidth={640}>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">
                  <FormattedMessage id="project.milestone" />
                </Table.Th>
                <Table.Th scope="col">
                  <FormattedMessage id="project.milestone.due" values={{ zone }} />
                </Table.Th>
                <Table.Th scope="col">
                  <FormattedMessage id="project.milestone.state" />
                </Table.Th>
                <Table.Th scope="col">
                  <FormattedMessage id="project.milestone.actions" />
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {project.milestones.map((m) => (
                <Table.Tr key={m.idx}>
                  <Table.Td>
                    {m.idx + 1}. {m.title}
                    {m.midTerm && (
                      <Badge ml="xs" variant="outline" color="gray.8">
                        <FormattedMessage id="project.milestone.midTerm" />
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <FormattedMessage
                      id="project.milestone.dueAt"
                      values={{ date: formatDay(intl, m.dueAt, zone), month: m.dueMonth }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <FormattedMessage id={`project.milestoneState.${m.state}`} defaultMessage={m.state} />
                  </Table.Td>
                  <Table.Td>
                    {['PLANNED', 'DUE_SOON', 'OVERDUE', 'CHANGES_REQUESTED'].includes(m.state) &&
                      project.state === 'ACTIVE' && (
                        <Button size="xs" variant="default" onClick={() => setReporting(m.idx)}>
                          <FormattedMessage id="project.report.open" values={{ n: m.idx + 1 }} />
                        </Button>
                      )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {reporting !== null && (
          <div style={{ marginTop: 12 }}>
            <ReportForm
              key={reporting}
              project={project}
              idx={reporting}
              names={names}
              onDone={() => setReporting(null)}
            />
          </div>
        )}
      </section>
      <section aria-labelledby="instalments-heading">
        <Title order={2} size="h3" id="instalments-heading" mb="xs">
          <FormattedMessage id="project.instalments" />
        </Title>
        <Table.ScrollContainer minWidth={640}>
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">
                  <FormattedMessage id="project.instalment.partner" />
                </Table.Th>
                <Table.Th scope="col">
                  <FormattedMessage id="project.instalment.trigger" />
                </Table.Th>
                <Table.Th scope="col">
                  <FormattedMessage id="project.instalment.amount" />
                </Table.Th>
                <Table.Th scope="col">
                  <FormattedMessage id="project.instalment.state" />
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {project.grants.flatMap((g) =>
                g.instalments.map((i) => (
                  <Table.Tr key={`${g.id}-${i.seq}`}>
                    <Table.Td>
                      {names[g.organisationId] ?? g.regionCode} ({g.regionCode})
                    </Table.Td>
                    <Table.Td>
                      {i.seq}. <FormattedMessage id={`project.trigger.${i.trigger}`} defaultMessage={i.trigger} />
                    </Table.Td>
                    <Table.Td>
                      {formatMoney(intl, i.amount, g.currency)} ({formatBps(intl, i.shareBps)})
                    </Table.Td>
                    <Table.Td>
                      <FormattedMessage id={`project.instalmentState.${i.status}`} defaultMessage={i.status} />
                    </Table.Td>
                  </Table.Tr>
                )),
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </section>
    </Stack>
  );
}

/** A funded project: the consortium agreement, milestones and their joint reports, instalments. */
export function ProjectPage() {
  return (
    <RequireSignIn>
      <LoadedProject />
    </RequireSignIn>
  );
}

function LoadedProject() {
  const { projectId } = useParams({ strict: false }) as { projectId: string };
  const project = useProject(projectId);
  if (project.isPending) return <LoadingState />;
  if (project.isError) return <ErrorState error={project.error} />;
  return <ProjectView project={project.data} />;
}
