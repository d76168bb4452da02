import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { useSession } from '../../../app/session-provider';
import { ButtonLink } from '../../../components/links';
import { ErrorState, LoadingState } from '../../../components/page-state';
import { PageTitle } from '../../../components/page-title';
import { formatInZone } from '../../../i18n/format';
import { usePublicCall } from '../api/public-calls';
import { Countdown } from '../components/countdown';
import { RegionRules } from '../components/region-rules';
import { StartProposal } from '../components/start-proposal';

/** An open call's public page: what an applicant must know before writing a proposal. */
export function CallPage() {
  const intl = useIntl();
  const { callId } = useParams({ strict: false }) as { callId: string };
  const { status } = useSession();
  const call = usePublicCall(callId);
  if (call.isPending) return <LoadingState />;
  if (call.isError) return <ErrorState error={call.error} />;
  const c = call.data;
  const zone = c.timeZone;
  const at = (instant: string) =>
    intl.formatMessage({ id: 'time.inZone' }, { time: formatInZone(intl, instant, zone), zone });
  const stage = c.timeline.stages.find((s) => s.stageNo === c.currentStage) ?? c.timeline.stages[0];
  const rules = c.consortiumRules;

  return (
    <Stack gap="lg">
      <div>
        <PageTitle>{c.title}</PageTitle>
        <Group gap={6}>
          <Badge variant="filled">
            <FormattedMessage id={`actionTypes.${c.actionType}`} />
          </Badge>
          {c.topics.map((topic) => (
            <Badge key={topic} variant="outline" color="gray.8">
              {topic}
            </Badge>
          ))}
        </Group>
      </div>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Countdown deadline={stage?.submissionDeadline ?? c.submissionDeadline} timeZone={zone} />
        <Card withBorder>
          {status === 'signed-in' ? (
            <StartProposal callId={c.id} />
          ) : (
            <Stack gap="xs" align="start">
              <Text size="sm">
                <FormattedMessage id="call.apply.anonymous" />
              </Text>
              <ButtonLink to="/register">
                <FormattedMessage id="nav.register" />
              </ButtonLink>
            </Stack>
          )}
        </Card>
      </SimpleGrid>
      <Text style={{ whiteSpace: 'pre-line' }}>{c.description}</Text>

      <section aria-labelledby="timeline-heading">
        <Title order={2} size="h3" id="timeline-heading" mb="xs">
          <FormattedMessage id="call.timeline" />
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          <FormattedMessage id="call.timeline.zone" values={{ zone }} />
        </Text>
        <Table striped withTableBorder>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th scope="row">
                <FormattedMessage id="call.timeline.opens" />
              </Table.Th>
              <Table.Td>{at(c.timeline.opensAt)}</Table.Td>
            </Table.Tr>
            {c.timeline.stages.map((s) => [
              <Table.Tr key={`sub-${s.stageNo}`}>
                <Table.Th scope="row">
                  <FormattedMessage id="call.timeline.submission" values={{ stage: s.stageNo, stages: c.stages }} />
                </Table.Th>
                <Table.Td>{at(s.submissionDeadline)}</Table.Td>
              </Table.Tr>,
              <Table.Tr key={`eli-${s.stageNo}`}>
                <Table.Th scope="row">
                  <FormattedMessage id="call.timeline.eligibility" values={{ stage: s.stageNo, stages: c.stages }} />
                </Table.Th>
                <Table.Td>{at(s.eligibilityDeadline)}</Table.Td>
              </Table.Tr>,
              <Table.Tr key={`rev-${s.stageNo}`}>
                <Table.Th scope="row">
                  <FormattedMessage id="call.timeline.review" values={{ stage: s.stageNo, stages: c.stages }} />
                </Table.Th>
                <Table.Td>{at(s.reviewDeadline)}</Table.Td>
              </Table.Tr>,
            ])}
            <Table.Tr>
              <Table.Th scope="row">
                <FormattedMessage id="call.timeline.decision" />
              </Table.Th>
              <Table.Td>{at(c.timeline.decisionDeadline)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </section>

      <section aria-labelledby="consortium-heading">
        <Title order={2} size="h3" id="consortium-heading" mb="xs">
          <FormattedMessage id="call.consortium" />
        </Title>
        <Text>
          <FormattedMessage
            id="call.consortium.partners"
            values={{ min: rules.minPartners, regions: rules.minDistinctRegions }}
          />{' '}
          {rules.maxPartners != null && (
            <FormattedMessage id="call.consortium.maxPartners" values={{ max: rules.maxPartners }} />
          )}{' '}
          {rules.smeRequired && <FormattedMessage id="call.consortium.sme" />}{' '}
          <FormattedMessage
            id="call.consortium.duration"
            values={{ min: rules.minDurationMonths, max: rules.maxDurationMonths }}
          />
        </Text>
      </section>

      <section aria-labelledby="regions-heading">
        <Title order={2} size="h3" id="regions-heading" mb="xs">
          <FormattedMessage id="call.regions" />
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {c.regions.map((region) => (
            <Card withBorder key={region.code}>
              <Title order={3} size="h5">
                {region.name} ({region.country})
              </Title>
              <Text size="sm" c="dimmed" mb="xs">
                <FormattedMessage
                  id="call.region.agency"
                  values={{ agency: region.agencyName, programme: region.programmeName, currency: region.currency }}
                />
              </Text>
              <RegionRules region={region} />
            </Card>
          ))}
        </SimpleGrid>
      </section>

      <section aria-labelledby="criteria-heading">
        <Title order={2} size="h3" id="criteria-heading" mb="xs">
          <FormattedMessage id="call.criteria" />
        </Title>
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">
                <FormattedMessage id="call.criteria.name" />
              </Table.Th>
              <Table.Th scope="col">
                <FormattedMessage id="call.criteria.weight" />
              </Table.Th>
              <Table.Th scope="col">
                <FormattedMessage id="call.criteria.threshold" />
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.criteria.map((criterion) => (
              <Table.Tr key={criterion.name}>
                <Table.Td>{criterion.name}</Table.Td>
                <Table.Td>{intl.formatNumber(criterion.weight)}</Table.Td>
                <Table.Td>{intl.formatNumber(criterion.threshold)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm" mt="xs">
          <FormattedMessage id="call.criteria.overall" values={{ threshold: intl.formatNumber(c.overallThreshold) }} />
        </Text>
      </section>
    </Stack>
  );
}
