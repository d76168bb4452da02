import { checkFullProposalConsistency } from './full-proposal-consistency';
import type { ConsortiumMember } from './full-proposal-consistency';

const coord = (organisationId: string): ConsortiumMember => ({ organisationId, role: 'COORDINATOR' });
const partner = (organisationId: string): ConsortiumMember => ({ organisationId, role: 'PARTNER' });

describe('full proposal against its pre-proposal (two-stage)', () => {
  it('is consistent with the same coordinator and partners', () => {
    expect(checkFullProposalConsistency([coord('o1'), partner('o2')], [partner('o2'), coord('o1')])).toEqual({
      violations: [],
      changes: [],
      addedOrganisationIds: [],
      removedOrganisationIds: [],
    });
  });

  it('flags added and removed partners without making them errors', () => {
    const r = checkFullProposalConsistency(
      [coord('o1'), partner('o2'), partner('o3')],
      [coord('o1'), partner('o4'), partner('o3'), partner('o0')],
    );
    expect(r.violations).toEqual([]);
    expect(r.addedOrganisationIds).toEqual(['o0', 'o4']);
    expect(r.removedOrganisationIds).toEqual(['o2']);
    expect(r.changes).toEqual([
      { code: 'PARTNER_ADDED', organisationId: 'o0' },
      { code: 'PARTNER_ADDED', organisationId: 'o4' },
      { code: 'PARTNER_REMOVED', organisationId: 'o2' },
    ]);
  });

  it('refuses a change of coordinator organisation', () => {
    const r = checkFullProposalConsistency([coord('o1'), partner('o2')], [partner('o1'), coord('o2')]);
    expect(r.violations).toEqual([expect.objectContaining({ field: 'partners', code: 'COORDINATOR_CHANGED' })]);
    expect(r.violations[0].message).toContain('o1');
    expect(r.changes).toEqual([]);
    expect(checkFullProposalConsistency([coord('o1')], [partner('o1')]).violations).toHaveLength(1);
    expect(checkFullProposalConsistency([coord('o1')], [coord('o1'), coord('o2')]).violations).toHaveLength(1);
  });
});
