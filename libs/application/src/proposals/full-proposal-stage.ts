import { DomainError } from '@app/domain';
import type { CallRecord, ProposalRepository, Tx } from '@app/persistence';

/**
 * Where a new draft belongs (SPEC §4, V7). While stage 1 (or a one-stage call) is open: stage 1, no
 * pre-proposal. Once a two-stage call has opened stage 2: only the consortia invited after stage 1, each
 * once, coordinated by the same organisation as its pre-proposal.
 */
export async function fullProposalStage(
  proposals: ProposalRepository,
  manager: Tx,
  call: CallRecord,
  coordinatorOrganisationId: string,
  preProposalId: string | undefined,
): Promise<{ stageNo: number; preProposalId?: string }> {
  if (call.currentStage === 1) {
    if (preProposalId !== undefined) {
      throw new DomainError('NOT_IN_STAGE_TWO', 'The call is in stage 1: a pre-proposal is not named yet.', 'rule', [
        { field: 'preProposalId', code: 'NOT_IN_STAGE_TWO', message: 'only once the call has opened stage 2' },
      ]);
    }
    return { stageNo: 1 };
  }
  if (preProposalId === undefined) {
    throw new DomainError(
      'PRE_PROPOSAL_REQUIRED',
      'Stage 2 is for the consortia invited after stage 1: name your invited pre-proposal.',
      'rule',
      [{ field: 'preProposalId', code: 'PRE_PROPOSAL_REQUIRED', message: 'the invited pre-proposal' }],
    );
  }
  const invited = await proposals.invitedPreProposal(manager, call.id, preProposalId);
  if (!invited || invited.coordinatorOrganisationId !== coordinatorOrganisationId) {
    // Not invited, or invited but coordinated by another organisation: the same answer, so nothing leaks.
    throw new DomainError(
      'NOT_INVITED',
      'That pre-proposal is not one of your organisation’s invited pre-proposals.',
      'rule',
      [
        {
          field: 'preProposalId',
          code: 'NOT_INVITED',
          message: 'an invited pre-proposal your organisation coordinates',
        },
      ],
    );
  }
  if (invited.fullProposalId !== null)
    throw new DomainError(
      'FULL_PROPOSAL_EXISTS',
      `The full proposal ${invited.fullProposalId} already continues that pre-proposal.`,
      'conflict',
      [],
      { proposalId: invited.fullProposalId },
    );
  return { stageNo: 2, preProposalId };
}
