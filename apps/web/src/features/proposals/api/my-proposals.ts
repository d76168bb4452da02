import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { MyProposal, Page } from '../../../api/schema';

export function useMyProposals(cursor: string | undefined) {
  return useQuery({
    queryKey: ['me', 'proposals', cursor],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(api.GET('/api/v1/me/proposals', { params: { query: { cursor, limit: 50 } } })) as Promise<
        Page<MyProposal>
      >,
  });
}
