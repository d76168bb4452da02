import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import type { Page, Schemas } from '../../../api/schema';

export type DirectoryEntry = Schemas['OrganisationDirectoryEntryDto'];

/** The shortest part of a name the directory searches for (the API answers 400 below it). */
export const DIRECTORY_MIN_QUERY = 2;

/** Organisations whose legal name contains `q`; idle until `q` is long enough. */
export function useOrganisationDirectory(q: string) {
  const enabled = q.length >= DIRECTORY_MIN_QUERY;
  return useQuery({
    queryKey: ['organisations', 'directory', q],
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    queryFn: () =>
      unwrap(api.GET('/api/v1/organisations/directory', { params: { query: { q, limit: 20 } } })) as Promise<
        Page<DirectoryEntry>
      >,
  });
}
