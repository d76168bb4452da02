export { ProposalAccess, type VisibleProposal } from '@app/application';
