import { Badge, Button, Code, Group, Table, Text } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { AnchorLink } from '../../../components/links';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-state';
import { PageTitle } from '../../../components/page-title';
import { RequireSignIn } from '../../../components/require-sign-in';
import { formatInZone } from '../../../i18n/format';
import { downloadVersionPdf, useCallZone, useProposal, useVersions, type Proposal } from '../api/proposal';

function VersionTable({ proposal }: { proposal: Proposal }) {
  const intl = useIntl();
  const versions = useVersions(proposal.id);
  const zone = useCallZone(proposal.callId) ?? 'UTC';
  const [failed, setFailed] = useState<string | null>(null);
  if (versions.isPending) return <LoadingState />;
  if (versions.isError) return <ErrorState error={versions.error} />;
  if (!versions.data.items.length) return <EmptyState messageId="versions.empty" />;
  // The last version submitted is the one evaluated (SPEC S3), unless the proposal was withdrawn.
  const counted = proposal.state === 'WITHDRAWN' ? null : Math.max(...versions.data.items.map((v) => v.version));
  return (
    <>
      <Table.ScrollContainer minWidth={720}>
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">
                <FormattedMessage id="versions.version" />
              </Table.Th>
              <Table.Th scope="col">
                <FormattedMessage id="versions.submittedAt" />
              </Table.Th>
              <Table.Th scope="col">
                <FormattedMessage id="versions.sha256" />
              </Table.Th>
              <Table.Th scope="col">
                <FormattedMessage id="versions.pdfColumn" />
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...versions.data.items]
              .sort((a, b) => b.version - a.version)
              .map((v) => (
                <Table.Tr key={v.version}>
                  <Table.Td>
                    <Group gap="xs">
                      <Text fw={600}>{v.version}</Text>
                      {v.version === counted && (
                        <Badge color="teal.9">
                          <FormattedMessage id="versions.counted" />
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <FormattedMessage
                      id="time.inZone"
                      values={{ time: formatInZone(intl, v.submittedAt, zone), zone }}
                    />
                    <br />
                    <Text size="xs" c="dimmed" component="span">
                      <FormattedMessage
                        id="time.inZone"
                        values={{ time: formatInZone(intl, v.submittedAt, 'UTC'), zone: 'UTC' }}
                      />
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Code style={{ wordBreak: 'break-all' }}>{v.sha256}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      variant="default"
                      size="xs"
                      onClick={() =>
                        downloadVersionPdf(proposal.id, v.version, proposal.acronym ?? 'proposal').catch((e: Error) =>
                          setFailed(e.message),
                        )
                      }
                    >
                      <FormattedMessage id="versions.pdf" values={{ version: v.version }} />
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {failed && (
        <Text c="red.9" role="alert">
          {failed}
        </Text>
      )}
    </>
  );
}

/** Every submitted version's receipt, the counted one marked, each with its PDF. */
export function VersionsPage() {
  return (
    <RequireSignIn>
      <Versions />
    </RequireSignIn>
  );
}

function Versions() {
  const intl = useIntl();
  const { proposalId } = useParams({ strict: false }) as { proposalId: string };
  const proposal = useProposal(proposalId);
  if (proposal.isPending) return <LoadingState />;
  if (proposal.isError) return <ErrorState error={proposal.error} />;
  return (
    <>
      <PageTitle>{intl.formatMessage({ id: 'versions.title' }, { acronym: proposal.data.acronym ?? '' })}</PageTitle>
      <Group mb="md">
        <AnchorLink to="/proposals/$proposalId" params={{ proposalId }}>
          <FormattedMessage id="versions.back" />
        </AnchorLink>
      </Group>
      <VersionTable proposal={proposal.data} />
    </>
  );
}
