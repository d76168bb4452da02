import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';
import { apiErrorFrom } from '../../../api/problem';
import type { PublicCallDetail, Schemas } from '../../../api/schema';
import { getAccessToken } from '../../../api/session';

export type Proposal = Schemas['ProposalDetailDto'];
export type ProposalPartner = Schemas['ProposalPartnerViewDto'];
export type DraftChanges = Schemas['ProposalDraftDto'];
export type Violation = Schemas['RuleViolationDto'];
export type Receipt = Schemas['SubmissionReceiptDto'];
export type Version = Schemas['ProposalVersionDto'];
export type Outcome = Schemas['ProposalOutcomeDto'];
export type Attachment = Schemas['AttachmentDto'];

export const proposalKey = (id: string) => ['proposal', id] as const;

export function useProposal(id: string) {
  return useQuery({
    queryKey: proposalKey(id),
    queryFn: () => unwrap(api.GET('/api/v1/proposals/{id}', { params: { path: { id } } })) as Promise<Proposal>,
  });
}

/** The call as the public sees it: its zone and the currency of each region (partners' money). */
export function useCallForProposal(callId: string | undefined) {
  return useQuery({
    queryKey: ['public-call', callId],
    enabled: Boolean(callId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/public/calls/{id}', { params: { path: { id: callId! } } })) as Promise<PublicCallDetail>,
  });
}

export function useStartProposal(callId: string) {
  return useMutation({
    mutationFn: (body: { acronym: string; title: string }) =>
      unwrap(api.POST('/api/v1/calls/{id}/proposals', { params: { path: { id: callId } }, body })) as Promise<Proposal>,
  });
}

export function useSaveDraft(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: DraftChanges) =>
      unwrap(api.PATCH('/api/v1/proposals/{id}', { params: { path: { id } }, body })) as Promise<Proposal>,
    onSuccess: (saved) =>
      client.setQueryData(proposalKey(id), (old: Proposal | undefined) => ({ ...old, ...saved }) as Proposal),
  });
}

export function usePutPartner(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      organisationId,
      ...body
    }: {
      organisationId: string;
      funded: boolean;
      eligibleCosts: number;
      requestedGrant: number;
    }) =>
      unwrap(
        api.PUT('/api/v1/proposals/{id}/partners/{organisationId}', { params: { path: { id, organisationId } }, body }),
      ) as Promise<Proposal>,
    onSuccess: (saved) =>
      client.setQueryData(proposalKey(id), (old: Proposal | undefined) => ({ ...old, ...saved }) as Proposal),
  });
}

export function useAcceptPartner(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (organisationId: string) =>
      unwrap(
        api.POST('/api/v1/proposals/{id}/partners/{organisationId}/accept', {
          params: { path: { id, organisationId } },
        }),
      ) as Promise<Proposal>,
    onSuccess: (saved) => {
      client.setQueryData(proposalKey(id), (old: Proposal | undefined) => ({ ...old, ...saved }) as Proposal);
      void client.invalidateQueries({ queryKey: ['me', 'proposals'] });
    },
  });
}

export function useCheck(id: string) {
  const client = useQueryClient();
  return useMutation({
    // The partners may have changed their parts meanwhile: the revision to submit is read again.
    onSettled: () => void client.invalidateQueries({ queryKey: proposalKey(id) }),
    mutationFn: () =>
      unwrap(api.POST('/api/v1/proposals/{id}/check', { params: { path: { id } } })) as Promise<{
        eligible: boolean;
        violations: Violation[];
      }>,
  });
}

export function useSubmit(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ draftRevision, idempotencyKey }: { draftRevision: number; idempotencyKey: string }) =>
      unwrap(
        api.POST('/api/v1/proposals/{id}/submit', {
          params: { path: { id }, header: { 'Idempotency-Key': idempotencyKey } },
          body: { draftRevision },
        }),
      ) as Promise<Receipt>,
    onSettled: () => {
      void client.invalidateQueries({ queryKey: proposalKey(id) });
      void client.invalidateQueries({ queryKey: ['proposal-versions', id] });
    },
  });
}

export function useWithdraw(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      unwrap(api.POST('/api/v1/proposals/{id}/withdraw', { params: { path: { id } }, body: { reason } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: proposalKey(id) }),
  });
}

export function useVersions(id: string) {
  return useQuery({
    queryKey: ['proposal-versions', id],
    queryFn: () =>
      unwrap(api.GET('/api/v1/proposals/{id}/versions', { params: { path: { id } } })) as Promise<{ items: Version[] }>,
  });
}

export function useOrganisations() {
  return useQuery({
    queryKey: ['organisations', 'mine'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/organisations', { params: { query: { limit: 100 } } })) as Promise<{
        items: Schemas['OrganisationDto'][];
      }>,
  });
}

/**
 * A binary answer fetched with the in-memory token (a plain link would carry no token) and handed to
 * the browser as a download.
 */
export async function downloadBlob(path: string, accept: string, fileName: string): Promise<void> {
  const token = getAccessToken();
  const response = await fetch(path, {
    headers: { Accept: accept, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    credentials: 'same-origin',
  });
  if (!response.ok) throw apiErrorFrom(response.status, await response.json().catch(() => undefined));
  const url = URL.createObjectURL(await response.blob());
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadVersionPdf(proposalId: string, version: number, acronym: string): Promise<void> {
  return downloadBlob(
    `/api/v1/proposals/${proposalId}/versions/${version}`,
    'application/pdf',
    `${acronym}-v${version}.pdf`,
  );
}

export function useUploadAttachment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      const token = getAccessToken();
      const response = await fetch(`/api/v1/proposals/${id}/attachments`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': file.type || 'application/octet-stream',
          'X-File-Name': encodeURIComponent(file.name),
          'X-ACIE-CSRF': '1',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: file,
      });
      const body = await response.json().catch(() => undefined);
      if (!response.ok) throw apiErrorFrom(response.status, body);
      return body as Attachment;
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: proposalKey(id) }),
  });
}

export function useOutcome(id: string) {
  return useQuery({
    queryKey: ['proposal-outcome', id],
    queryFn: () => unwrap(api.GET('/api/v1/proposals/{id}/outcome', { params: { path: { id } } })) as Promise<Outcome>,
  });
}

export type RedressRequest = Schemas['RedressRequestDto'];

export function useRedress(id: string) {
  return useQuery({
    queryKey: ['proposal-redress', id],
    queryFn: () =>
      unwrap(api.GET('/api/v1/proposals/{id}/redress', { params: { path: { id } } })) as Promise<{
        items: RedressRequest[];
      }>,
  });
}

export function useFileRedress(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (grounds: string) =>
      unwrap(api.POST('/api/v1/proposals/{id}/redress', { params: { path: { id } }, body: { grounds } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['proposal-redress', id] }),
  });
}

/** The call's time zone, readable after the call closed too (the public page shows open calls only). */
export function useCallZone(callId: string | undefined): string | undefined {
  const call = useQuery({
    queryKey: ['call', callId],
    enabled: Boolean(callId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/calls/{id}', { params: { path: { id: callId! } } })) as Promise<Schemas['CallViewDto']>,
  });
  return call.data?.timeZone;
}
