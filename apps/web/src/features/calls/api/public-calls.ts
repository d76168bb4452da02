import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { Page, PublicCallDetail, PublicCallSummary } from '../../../api/schema';

export interface CallFilters {
  region?: string;
  topic?: string;
  transformativeActivity?: string;
  closesAfter?: string;
  closesBefore?: string;
  cursor?: string;
}

export const PAGE_SIZE = 20;

/** Open calls, filtered and paged by the server. */
export function usePublicCalls(filters: CallFilters) {
  return useQuery({
    queryKey: ['public-calls', filters],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(api.GET('/api/v1/public/calls', { params: { query: { ...filters, limit: PAGE_SIZE } } })) as Promise<
        Page<PublicCallSummary>
      >,
  });
}

export function usePublicCall(callId: string) {
  return useQuery({
    queryKey: ['public-call', callId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/public/calls/{id}', { params: { path: { id: callId } } })) as Promise<PublicCallDetail>,
  });
}

export function useRegions() {
  return useQuery({ queryKey: ['regions'], staleTime: 3_600_000, queryFn: () => unwrap(api.GET('/api/v1/regions')) });
}
