import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { MyTask, Page, Workspace } from '../../../api/schema';

export function useMyTasks(workspace: Workspace | undefined, cursor: string | undefined) {
  return useQuery({
    queryKey: ['me', 'tasks', workspace, cursor],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(api.GET('/api/v1/me/tasks', { params: { query: { workspace, cursor, limit: 50 } } })) as Promise<
        Page<MyTask>
      >,
  });
}
