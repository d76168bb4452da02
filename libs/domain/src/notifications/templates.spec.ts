import fc from 'fast-check';
import { NOTIFICATION_KIND_NAMES } from './notification-kinds';
import { renderNotification } from './templates';

describe('renderNotification', () => {
  it('renders every kind with a subject, the recipient, the link when given, and the signature', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NOTIFICATION_KIND_NAMES), fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0), (kind, name) => {
        const link = 'https://acie.example/x?token=abc';
        const { subject, body } = renderNotification(kind, { recipientName: name, link, organisationName: 'Dolomiti Robotics', inviterName: 'Ada', applicantName: 'Jo' });
        expect(subject.length).toBeGreaterThan(5);
        expect(body).toContain(`Dear ${name.trim()},`);
        expect(body).toMatch(/ACIE Joint Call Engine/);
        if (['EMAIL_VERIFICATION', 'PASSWORD_RESET', 'ORGANISATION_INVITATION', 'EVALUATOR_INVITATION', 'STAFF_INVITATION'].includes(kind)) expect(body).toContain(link);
      }),
    );
  });

  it('states when a link expires', () => {
    const { body } = renderNotification('PASSWORD_RESET', { link: 'x', expiresAt: '2026-11-27T10:00:00.000Z' });
    expect(body).toContain('expires at 2026-11-27T10:00:00.000Z (UTC)');
  });

  it('links the page of the object a message names, under the application URL, before the signature', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NOTIFICATION_KIND_NAMES), (kind) => {
        const { body } = renderNotification(kind, { proposalAcronym: 'ALPS', page: '/proposals/42' }, { appUrl: 'https://acie.example/' });
        expect(body).toContain('https://acie.example/proposals/42');
        expect(body.indexOf('https://acie.example/proposals/42')).toBeLessThan(body.indexOf('ACIE Joint Call Engine'));
      }),
    );
    expect(renderNotification('CALL_OPENED', { page: '/calls/1' }).body).not.toContain('/calls/1');
  });
});
