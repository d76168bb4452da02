import { Badge, Button, Group, Table } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { AnchorLink } from '../../../components/links';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-state';
import { PageTitle } from '../../../components/page-title';
import { RequireSignIn } from '../../../components/require-sign-in';
import { formatInZone } from '../../../i18n/format';
import { useMyProposals } from '../api/my-proposals';

function ProposalTable() {
  const intl = useIntl();
  const navigate = useNavigate();
  const { cursor } = useSearch({ strict: false }) as { cursor?: string };
  const proposals = useMyProposals(cursor);
  if (proposals.isPending) return <LoadingState />;
  if (proposals.isError) return <ErrorState error={proposals.error} />;
  if (!proposals.data.items.length) return <EmptyState messageId="proposals.empty" />;
  return (
    <>
      <Table.ScrollContainer minWidth={700}>
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">
                <FormattedMessage id="proposals.acronym" />
              </Table.Th>
              <Table.Th scope="col">
                <FormattedMessage id="proposals.call" />
              </Table.Th>
              <Table.Th scope="col">
                <FormattedMessage id="proposals.role" />
              </Table.Th>
              <Table.Th scope="col">
                <FormattedMessage id="proposals.state" />
              </Table.Th>
              <Table.Th scope="col">
                <FormattedMessage id="proposals.deadline" />
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {proposals.data.items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <AnchorLink to="/proposals/$proposalId" params={{ proposalId: p.id }} fw={600}>
                    {p.acronym}
                  </AnchorLink>
                  <div>{p.title}</div>
                </Table.Td>
                <Table.Td>{p.callTitle}</Table.Td>
                <Table.Td>
                  <FormattedMessage id={`proposals.role.${p.role}`} />
                  {p.invitationState && p.invitationState !== 'ACCEPTED' && (
                    <Badge ml="xs" variant="outline" color="gray.8">
                      <FormattedMessage id={`proposals.invitation.${p.invitationState}`} />
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <FormattedMessage id={`proposals.states.${p.state}`} defaultMessage={p.state} />
                </Table.Td>
                <Table.Td>
                  {p.submissionDeadline && (
                    <FormattedMessage
                      id="time.inZone"
                      values={{ time: formatInZone(intl, p.submissionDeadline, p.timeZone), zone: p.timeZone }}
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {proposals.data.nextCursor && (
        <Group mt="md">
          <Button
            variant="default"
            onClick={() =>
              void navigate({ to: '/my/proposals', search: { cursor: proposals.data.nextCursor ?? undefined } })
            }
          >
            <FormattedMessage id="paging.next" />
          </Button>
        </Group>
      )}
    </>
  );
}

export function MyProposalsPage() {
  const intl = useIntl();
  return (
    <RequireSignIn>
      <PageTitle>{intl.formatMessage({ id: 'proposals.title' })}</PageTitle>
      <ProposalTable />
    </RequireSignIn>
  );
}
