import { defineStateMachine } from '../state-machine';

/**
 * SPEC F4: a funding decision (or a promotion from the reserve list) is PROPOSED to the agencies; the
 * last approval makes it APPROVED, an objection RETURNED; a returned one is SUPERSEDED by its revision.
 */
export type FundingDecisionStatus = 'PROPOSED' | 'RETURNED' | 'APPROVED' | 'SUPERSEDED';

export const fundingDecisionMachine = defineStateMachine<FundingDecisionStatus>('funding decision', {
  PROPOSED: ['APPROVED', 'RETURNED'],
  RETURNED: ['SUPERSEDED'],
  APPROVED: [],
  SUPERSEDED: [],
});

/** SPEC F5: a grant is AWARDED by the decision; it FAILS before signature, or is REMOVED with its partner. */
export type GrantStatus = 'AWARDED' | 'FAILED' | 'REMOVED';

export const grantMachine = defineStateMachine<GrantStatus>('grant', {
  AWARDED: ['FAILED', 'REMOVED'],
  FAILED: [],
  REMOVED: [],
});

/** A call's stages: a two-stage call moves from stage 1 to stage 2 once, when its pre-proposals are ranked (V7). */
export const callStageMachine = defineStateMachine<1 | 2>('call stage', { 1: [2], 2: [] });
