import { absoluteWebLink, webLinks } from './web-links';

describe('webLinks', () => {
  it('builds the shared web routes from ids', () => {
    expect(webLinks.proposal('p1')).toBe('/proposals/p1');
    expect(webLinks.proposalVersions('p1')).toBe('/proposals/p1/versions');
    expect(webLinks.proposalOutcome('p1')).toBe('/proposals/p1/outcome');
    expect(webLinks.project('x')).toBe('/projects/x');
    expect(webLinks.assignment('a')).toBe('/assignments/a');
    expect(webLinks.commitment('c', 'g')).toBe('/calls/c/commitments/g');
    expect(webLinks.instalment('i')).toBe('/instalments/i');
    expect(webLinks.call('c')).toBe('/calls/c');
    expect(webLinks.tasks()).toBe('/tasks');
    expect(webLinks.myProposals()).toBe('/my/proposals');
    expect(webLinks.notificationSettings()).toBe('/settings/notifications');
  });

  it('keeps token links and escapes what is put in a path or query', () => {
    expect(webLinks.verifyEmail('a+b/c=')).toBe('/verify-email?token=a%2Bb%2Fc%3D');
    expect(webLinks.resetPassword('t')).toBe('/reset-password?token=t');
    expect(webLinks.acceptInvitation('t')).toBe('/accept-invitation?token=t');
    expect(webLinks.proposal('../admin')).toBe('/proposals/..%2Fadmin');
  });

  it('joins a route to the public URL with exactly one slash', () => {
    expect(absoluteWebLink('https://acie.example/', '/tasks')).toBe('https://acie.example/tasks');
    expect(absoluteWebLink('https://acie.example', 'tasks')).toBe('https://acie.example/tasks');
  });
});
