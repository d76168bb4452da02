import { Badge, Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { AnchorLink } from '../../../components/links';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-state';
import { PageTitle } from '../../../components/page-title';
import { formatInZone, remaining } from '../../../i18n/format';
import { usePublicCalls, useRegions, type CallFilters } from '../api/public-calls';

const day = (instant?: string) => instant?.slice(0, 10) ?? '';

/** Open calls for everyone, signed in or not: filters and paging are the server's. */
export function CallsPage() {
  const intl = useIntl();
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as CallFilters;
  const calls = usePublicCalls(search);
  const regions = useRegions();
  const form = useForm({
    initialValues: {
      region: search.region ?? '',
      topic: search.topic ?? '',
      transformativeActivity: search.transformativeActivity ?? '',
      closesAfter: day(search.closesAfter),
      closesBefore: day(search.closesBefore),
    },
  });

  const activities = new Map<string, string>();
  for (const call of calls.data?.items ?? [])
    for (const ta of call.transformativeActivities) activities.set(ta.code, ta.title);
  if (search.transformativeActivity && !activities.has(search.transformativeActivity))
    activities.set(search.transformativeActivity, search.transformativeActivity);

  const apply = (values: typeof form.values) =>
    navigate({
      to: '/calls',
      search: {
        region: values.region || undefined,
        topic: values.topic.trim() || undefined,
        transformativeActivity: values.transformativeActivity || undefined,
        closesAfter: values.closesAfter ? `${values.closesAfter}T00:00:00Z` : undefined,
        closesBefore: values.closesBefore ? `${values.closesBefore}T23:59:59Z` : undefined,
      },
    });

  return (
    <Stack>
      <PageTitle>{intl.formatMessage({ id: 'calls.title' })}</PageTitle>
      <Card
        withBorder
        component="form"
        onSubmit={form.onSubmit(apply)}
        role="search"
        aria-label={intl.formatMessage({ id: 'calls.filters' })}
      >
        <SimpleGrid cols={{ base: 2, md: 3 }} spacing="sm">
          <Select
            label={intl.formatMessage({ id: 'calls.filter.region' })}
            placeholder={intl.formatMessage({ id: 'calls.filter.any' })}
            clearable
            searchable
            data={(regions.data ?? []).map((r) => ({ value: r.code, label: `${r.name} (${r.country})` }))}
            {...form.getInputProps('region')}
          />
          <TextInput label={intl.formatMessage({ id: 'calls.filter.topic' })} {...form.getInputProps('topic')} />
          <Select
            label={intl.formatMessage({ id: 'calls.filter.activity' })}
            placeholder={intl.formatMessage({ id: 'calls.filter.any' })}
            clearable
            data={[...activities].map(([value, label]) => ({ value, label }))}
            {...form.getInputProps('transformativeActivity')}
          />
          <TextInput
            type="date"
            label={intl.formatMessage({ id: 'calls.filter.closesAfter' })}
            {...form.getInputProps('closesAfter')}
          />
          <TextInput
            type="date"
            label={intl.formatMessage({ id: 'calls.filter.closesBefore' })}
            {...form.getInputProps('closesBefore')}
          />
          <Group align="end">
            <Button type="submit">
              <FormattedMessage id="calls.filter.apply" />
            </Button>
            <Button
              variant="default"
              onClick={() => {
                form.setValues({
                  region: '',
                  topic: '',
                  transformativeActivity: '',
                  closesAfter: '',
                  closesBefore: '',
                });
                void navigate({ to: '/calls', search: {} });
              }}
            >
              <FormattedMessage id="calls.filter.reset" />
            </Button>
          </Group>
        </SimpleGrid>
      </Card>

      {calls.isPending ? (
        <LoadingState />
      ) : calls.isError ? (
        <ErrorState error={calls.error} />
      ) : calls.data.items.length === 0 ? (
        <EmptyState messageId="calls.empty" />
      ) : (
        <Stack
          component="ul"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label={intl.formatMessage({ id: 'calls.listLabel' })}
        >
          {calls.data.items.map((call) => {
            const left = remaining(Date.parse(call.submissionDeadline), Date.now());
            return (
              <Card withBorder component="li" key={call.id}>
                <Group justify="space-between" align="start" wrap="nowrap">
                  <Stack gap={4}>
                    <Title order={2} size="h4">
                      <AnchorLink to="/calls/$callId" params={{ callId: call.id }}>
                        {call.title}
                      </AnchorLink>
                    </Title>
                    <Text size="sm">
                      <FormattedMessage id={`actionTypes.${call.actionType}`} />
                      {call.topics.length > 0 && <> · {call.topics.join(', ')}</>}
                    </Text>
                    <Group gap={6}>
                      {call.regions.map((r) => (
                        <Badge key={r.code} variant="outline" color="gray.8">
                          {r.name}
                        </Badge>
                      ))}
                    </Group>
                  </Stack>
                  <Stack gap={0} align="end" miw={200}>
                    <Text size="sm" ta="right">
                      <FormattedMessage
                        id="calls.deadline"
                        values={{
                          time: formatInZone(intl, call.submissionDeadline, call.timeZone),
                          zone: call.timeZone,
                        }}
                      />
                    </Text>
                    <Text size="sm" fw={600}>
                      <FormattedMessage id="calls.closesIn" values={{ days: left.days, hours: left.hours }} />
                    </Text>
                  </Stack>
                </Group>
              </Card>
            );
          })}
        </Stack>
      )}
      <Group>
        {search.cursor && (
          <Button
            variant="default"
            onClick={() => void navigate({ to: '/calls', search: { ...search, cursor: undefined } })}
          >
            <FormattedMessage id="paging.first" />
          </Button>
        )}
        {calls.data?.nextCursor && (
          <Button
            variant="default"
            onClick={() =>
              void navigate({ to: '/calls', search: { ...search, cursor: calls.data.nextCursor ?? undefined } })
            }
          >
            <FormattedMessage id="paging.next" />
          </Button>
        )}
      </Group>
    </Stack>
  );
}
