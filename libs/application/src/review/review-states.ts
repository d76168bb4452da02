/** Proposal states in which reviews are wanted. */
export const UNDER_REVIEW = ['ELIGIBLE', 'IN_REVIEW'];
