import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createIntl, IntlProvider } from 'react-intl';
import { compareCatalogs, type Catalog } from './catalog-check';
import { LOCALES } from './locales';
import { useProblemMessage, wordProblem, type WordableError } from './problem-messages';

const PROBLEMS = path.join(__dirname, 'problems');
const MESSAGES = path.join(__dirname, 'messages');

function load(dir: string): Record<string, Catalog> {
  return Object.fromEntries(
    LOCALES.map((lang) => [lang, JSON.parse(readFileSync(path.join(dir, `${lang}.json`), 'utf8')) as Catalog]),
  );
}

// Every code of the API has a wording, and each wording uses only its code's params:
// apps/api/src/openapi/problem-catalogs.spec.ts.
describe('problem catalogs', () => {
  const catalogs = load(PROBLEMS);

  it('has one problem catalog per language', () => {
    expect(readdirSync(PROBLEMS).sort()).toEqual(LOCALES.map((l) => `${l}.json`).sort());
  });

  it('agree like the page catalogs: same keys, no empty message, same ICU arguments, real translations', () => {
    expect(compareCatalogs(catalogs)).toEqual([]);
  });

  it('share no key with the page catalogs (they merge into one set of messages)', () => {
    const pages = load(MESSAGES);
    const shared = LOCALES.flatMap((l) =>
      Object.keys(catalogs[l])
        .filter((k) => k in pages[l])
        .map((k) => `${l}: ${k}`),
    );
    expect(shared).toEqual([]);
  });
});

describe('wording a refusal in the reader’s language', () => {
  const catalogs = load(PROBLEMS);
  const german = createIntl({ locale: 'de', messages: catalogs.de });

  it('words a field error with its params in German', () => {
    expect(
      wordProblem(german, {
        code: 'minLength',
        message: 'newPassword must be longer than or equal to 12 characters',
        params: { min: 12 },
      }),
    ).toBe('Zu kurz: mindestens 12 Zeichen.');
  });

  it('formats money per locale, instants in the reader’s locale and states in words', () => {
    const grant = wordProblem(german, {
      code: 'GRANT_ABOVE_PARTNER_MAXIMUM',
      message: 'Grant 300000.00 EUR above the maximum 250000.00 EUR',
      params: { organisationId: 'o1', amount: 30_000_000, regionCode: 'AT33', limit: 25_000_000, currency: 'EUR' },
    });
    // Intl separates the amount from the currency sign with a no-break space.
    expect(grant.replace(/\u00a0/g, ' ')).toBe(
      'Der Zuschuss 300.000 € übersteigt das Maximum je Partner in AT33 (250.000 €).',
    );
    const late = wordProblem(german, {
      code: 'SUBMISSION_DEADLINE_PASSED',
      message: 'Deadline passed',
      params: { deadline: '2026-03-01T12:00:00+00:00' },
    });
    expect(late).toMatch(/^Die Einreichungsfrist ist am \d{2}\.\d{2}\.2026, \d{2}:\d{2} abgelaufen\.$/);
    const state = wordProblem(german, {
      code: 'PROPOSAL_STATE_CONFLICT',
      message: 'Proposal is SUBMITTED',
      params: { state: 'SUBMITTED' },
    });
    expect(state).toBe('Im aktuellen Stand des Antrags nicht möglich: eingereicht.');
  });

  it('words organisation types and roles from the page catalogs, and offers `allowed` as a choice', () => {
    const pages = load(MESSAGES);
    const merged = createIntl({ locale: 'de', messages: { ...catalogs.de, ...pages.de } });
    expect(
      wordProblem(merged, {
        code: 'MISSING_FUNDING_RATE',
        message: 'No rate for SME',
        params: { organisationType: 'SME' },
      }),
    ).toBe(`Keine Förderquote für ${pages.de['orgType.SME']}.`);
    expect(
      wordProblem(merged, {
        code: 'isIn',
        message: 'mode must be one of …',
        params: { allowed: ['IMMEDIATE', 'OFF'] },
      }),
    ).toBe('Wählen Sie eine der Möglichkeiten: IMMEDIATE oder OFF.');
  });

  it('falls back to the server’s message for an unknown code, no code, or a missing param', () => {
    expect(wordProblem(german, { code: 'A_FUTURE_CODE', message: 'Something new' })).toBe('Something new');
    expect(wordProblem(german, { message: 'Network down' })).toBe('Network down');
    expect(wordProblem(german, { code: 'minLength', message: 'too short' })).toBe('too short');
  });

  it('works as a hook under the IntlProvider', () => {
    const errors: WordableError[] = [
      { code: 'TOO_FEW_PARTNERS', message: 'Only 1 partner; at least 3 needed', params: { actual: 1, min: 3 } },
      { code: 'A_FUTURE_CODE', message: 'Server wording' },
    ];
    function Probe() {
      const word = useProblemMessage();
      return createElement('ul', null, ...errors.map((e, i) => createElement('li', { key: i }, word(e))));
    }
    const html = renderToStaticMarkup(
      createElement(IntlProvider, { locale: 'de', messages: catalogs.de }, createElement(Probe)),
    );
    expect(html).toBe('<ul><li>Zu wenige Partner: 1, mindestens 3 nötig.</li><li>Server wording</li></ul>');
  });
});
