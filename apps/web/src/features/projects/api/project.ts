import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { apiErrorFrom } from '../../../api/problem';
import type { Schemas } from '../../../api/schema';
import { getAccessToken } from '../../../api/session';

export type Project = Schemas['ProjectViewDto'];
export type ReportBody = Schemas['ProjectReportDto'];

export function useProject(id: string) {
  return useQuery({
    queryKey: ['project', id],
    queryFn: () => unwrap(api.GET('/api/v1/projects/{id}', { params: { path: { id } } })) as Promise<Project>,
  });
}

export function useCallZone(callId: string | undefined): string | undefined {
  const call = useQuery({
    queryKey: ['call', callId],
    enabled: Boolean(callId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/calls/{id}', { params: { path: { id: callId! } } })) as Promise<Schemas['CallViewDto']>,
  });
  return call.data?.timeZone;
}

/** The signed consortium agreement, sent as the raw body (the API stores the file and its SHA-256). */
export function useUploadAgreement(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      const token = getAccessToken();
      const response = await fetch(`/api/v1/projects/${id}/consortium-agreement`, {
        method: 'PUT',
        credentials: 'same-origin',
        headers: {
          'Content-Type': file.type || 'application/octet-stream',
          'X-File-Name': encodeURIComponent(file.name),
          'X-ACIE-CSRF': '1',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: file,
      });
      const body: unknown = await response.json().catch(() => undefined);
      if (!response.ok) throw apiErrorFrom(response.status, body);
      return body;
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: ['project', id] }),
  });
}

export function useSubmitMilestoneReport(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ idx, body }: { idx: number; body: ReportBody }) =>
      unwrap(api.POST('/api/v1/projects/{id}/milestones/{idx}/report', { params: { path: { id, idx } }, body })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['project', id] }),
  });
}

/** Partner names for the grants (the project lists organisations by id). */
export function usePartnerNames(proposalId: string | undefined): Record<string, string> {
  const proposal = useQuery({
    queryKey: ['proposal', proposalId],
    enabled: Boolean(proposalId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/proposals/{id}', { params: { path: { id: proposalId! } } })) as Promise<
        Schemas['ProposalDetailDto']
      >,
  });
  return Object.fromEntries((proposal.data?.partners ?? []).map((p) => [p.organisationId, p.legalName]));
}
