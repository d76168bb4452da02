import fc from 'fast-check';
import { NOTIFICATION_KIND_NAMES } from './notification-kinds';
import { LANGUAGES } from '../identity/languages';
import { NOTIFICATION_CATALOGS, renderForDelivery, renderNotification } from './templates';

describe('renderNotification', () => {
  it('renders every kind with a subject, the recipient, the link when given, and the signature', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NOTIFICATION_KIND_NAMES),
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
        (kind, name) => {
          const link = 'https://acie.example/x?token=abc';
          const { subject, body } = renderNotification(kind, {
            recipientName: name,
            link,
            organisationName: 'Dolomiti Robotics',
            inviterName: 'Ada',
            applicantName: 'Jo',
          });
          expect(subject.length).toBeGreaterThan(5);
          expect(body).toContain(`Dear ${name.trim()},`);
          expect(body).toMatch(/ACIE Joint Call Engine/);
          if (
            [
              'EMAIL_VERIFICATION',
              'PASSWORD_RESET',
              'ORGANISATION_INVITATION',
              'EVALUATOR_INVITATION',
              'STAFF_INVITATION',
            ].includes(kind)
          )
            expect(body).toContain(link);
        },
      ),
    );
  });

  it('states when a link expires', () => {
    const { body } = renderNotification('PASSWORD_RESET', { link: 'x', expiresAt: '2026-11-27T10:00:00.000Z' });
    expect(body).toContain('expires at 2026-11-27T10:00:00.000Z (UTC)');
  });

  it('links the page of the object a message names, under the application URL, before the signature', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NOTIFICATION_KIND_NAMES), (kind) => {
        const { body } = renderNotification(kind, { proposalAcronym: 'ALPS', page: '/proposals/42' }, 'en', {
          appUrl: 'https://acie.example/',
        });
        expect(body).toContain('https://acie.example/proposals/42');
        expect(body.indexOf('https://acie.example/proposals/42')).toBeLessThan(body.indexOf('ACIE Joint Call Engine'));
      }),
    );
    expect(renderNotification('CALL_OPENED', { page: '/calls/1' }).body).not.toContain('/calls/1');
  });
});

describe('e-mails in every language', () => {
  const LINK_KINDS = [
    'EMAIL_VERIFICATION',
    'PASSWORD_RESET',
    'ORGANISATION_INVITATION',
    'EVALUATOR_INVITATION',
    'STAFF_INVITATION',
  ];

  it('has a template for every kind in every language, and the same kinds in each', () => {
    for (const language of LANGUAGES) {
      expect({ language, kinds: Object.keys(NOTIFICATION_CATALOGS[language].templates).sort() }).toEqual({
        language,
        kinds: [...NOTIFICATION_KIND_NAMES].sort(),
      });
    }
  });

  it(`renders every kind in every language with a subject, the recipient, \
the link when given and the signature`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LANGUAGES),
        fc.constantFrom(...NOTIFICATION_KIND_NAMES),
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
        fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
        (language, kind, name, count) => {
          const link = 'https://acie.example/x?token=abc';
          const data = {
            recipientName: name,
            link,
            organisationName: 'Dolomiti Robotics',
            inviterName: 'Ada',
            callTitle: 'Alpine AI 2027',
            proposalAcronym: 'ALPS',
            count,
          };
          const { subject, body } = renderNotification(kind, data, language);
          expect(subject.length).toBeGreaterThan(5);
          expect(subject).not.toMatch(/\bundefined\b|\bnull\b|\n/);
          expect(body).not.toMatch(/\bundefined\b|\bnull\b/);
          expect(body.split('\n')[0]).toContain(name.trim());
          expect(body).toContain('\n-- \nACIE Joint Call Engine\n');
          if (LINK_KINDS.includes(kind)) expect(body).toContain(link);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('speaks the language asked for, with the same link and expiry', () => {
    const data = {
      recipientName: 'Ana',
      link: 'https://acie.example/verify-email?token=t0k3n',
      expiresAt: '2026-11-27T10:00:00.000Z',
    };
    const subjects = Object.fromEntries(
      LANGUAGES.map((language) => [language, renderNotification('EMAIL_VERIFICATION', data, language).subject]),
    );
    expect(subjects).toEqual({
      en: 'Confirm your e-mail address',
      de: 'Bestätigen Sie Ihre E-Mail-Adresse',
      it: 'Conferma il tuo indirizzo e-mail',
      fr: 'Confirmez votre adresse e-mail',
      sl: 'Potrdite svoj e-poštni naslov',
    });
    for (const language of LANGUAGES) {
      const { body } = renderNotification('EMAIL_VERIFICATION', data, language);
      expect(body).toContain(data.link);
      expect(body).toContain('2026-11-27T10:00:00.000Z (UTC)');
    }
  });

  it('renders at delivery in the language of that moment, and sends older rows as they were written', () => {
    const stored = {
      kind: 'PASSWORD_RESET',
      templateData: { recipientName: 'Luca', link: 'x' },
      subject: 'Reset your password',
      body: 'as written',
    };
    expect(renderForDelivery(stored, 'it').subject).toBe('Reimposta la tua password');
    expect(renderForDelivery(stored, 'it').body).toMatch(/^Gentile Luca,/);
    expect(renderForDelivery(stored, null).subject).toBe('Reset your password');
    expect(renderForDelivery(stored, 'xx').body).toMatch(/^Dear Luca,/);
    expect(renderForDelivery({ ...stored, templateData: null }, 'de')).toEqual({
      subject: 'Reset your password',
      body: 'as written',
    });
    expect(renderForDelivery({ ...stored, kind: 'DAILY_DIGEST' }, 'de')).toEqual({
      subject: 'Reset your password',
      body: 'as written',
    });
  });
});
