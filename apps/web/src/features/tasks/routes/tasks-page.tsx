import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Workspace } from '../../../api/schema';
import { AnchorLink } from '../../../components/links';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-state';
import { PageTitle } from '../../../components/page-title';
import { RequireSignIn } from '../../../components/require-sign-in';
import { useMyTasks } from '../api/tasks';

const WORKSPACES: readonly string[] = ['APPLICANT', 'EVALUATOR', 'AGENCY_OFFICER', 'PROGRAMME_MANAGER', 'ADMIN'];

function TaskList() {
  const intl = useIntl();
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as { workspace?: string; cursor?: string };
  const workspace = WORKSPACES.includes(search.workspace ?? '') ? (search.workspace as Workspace) : undefined;
  const tasks = useMyTasks(workspace, search.cursor);
  if (tasks.isPending) return <LoadingState />;
  if (tasks.isError) return <ErrorState error={tasks.error} />;
  if (!tasks.data.items.length) return <EmptyState messageId="tasks.empty" />;
  return (
    <Stack>
      <Stack component="ul" p={0} m={0} style={{ listStyle: 'none' }} gap="sm">
        {tasks.data.items.map((task) => {
          const label = intl.formatMessage({ id: `tasks.kind.${task.kind}`, defaultMessage: task.kind });
          // What the task is about, as the server names it (a proposal's acronym, a call's title).
          const subject = [task.params.acronym, task.params.callTitle]
            .filter((v) => typeof v === 'string' && v)
            .join(' · ');
          return (
            <Card withBorder component="li" key={task.id} p="sm">
              <Group justify="space-between" wrap="nowrap">
                <Stack gap={2}>
                  <AnchorLink to={task.link} fw={600}>
                    {label}
                  </AnchorLink>
                  {subject && <Text size="sm">{subject}</Text>}
                  <Text size="xs" c="dimmed">
                    <FormattedMessage id={`role.${task.workspace}`} />
                  </Text>
                </Stack>
                {task.dueAt ? (
                  <Badge variant="outline" color="gray.8">
                    <FormattedMessage
                      id="tasks.due"
                      values={{
                        time: intl.formatDate(task.dueAt, {
                          dateStyle: 'medium',
                          timeStyle: 'short',
                          timeZoneName: 'short',
                        }),
                      }}
                    />
                  </Badge>
                ) : null}
              </Group>
            </Card>
          );
        })}
      </Stack>
      {tasks.data.nextCursor && (
        <Group>
          <Button
            variant="default"
            onClick={() =>
              void navigate({ to: '/tasks', search: { ...search, cursor: tasks.data.nextCursor ?? undefined } })
            }
          >
            <FormattedMessage id="paging.next" />
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** The inbox: every open task of the person, soonest due first, each a link to the page that does it. */
export function TasksPage() {
  const intl = useIntl();
  return (
    <RequireSignIn>
      <PageTitle>{intl.formatMessage({ id: 'tasks.title' })}</PageTitle>
      <TaskList />
    </RequireSignIn>
  );
}
