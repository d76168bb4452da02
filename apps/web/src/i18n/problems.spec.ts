import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createIntl, IntlProvider } from 'react-intl';
import { ERROR_CODES } from '../../../api/src/openapi/error-codes';
import { paramsOf } from '../../../api/src/openapi/problem-params';
import { compareCatalogs, icuArguments, type Catalog } from './catalog-check';
import { LOCALES } from './locales';
import { useProblemMessage, wordProblem, type WordableError } from './problem-messages';

const PROBLEMS = path.join(__dirname, 'problems');
const MESSAGES = path.join(__dirname, 'messages');

function load(dir: string): Record<string, Catalog> {
  return Object.fromEntries(LOCALES.map((lang) => [lang, JSON.parse(readFileSync(path.join(dir, `${lang}.json`), 'utf8')) as Catalog]));
}

/** Codes of the API without a `problem.<CODE>` wording, per language. */
function missingCodes(catalogs: Record<string, Catalog>, codes: readonly string[]): string[] {
  return Object.entries(catalogs).flatMap(([lang, catalog]) => codes.filter((code) => !(`problem.${code}` in catalog)).map((code) => `${lang}: no problem.${code}`));
}

/** Placeholders a wording uses that its code never carries (docs/problem-codes.md, `PROBLEM_PARAMS`). */
function unknownPlaceholders(catalogs: Record<string, Catalog>): string[] {
  return Object.entries(catalogs).flatMap(([lang, catalog]) =>
    Object.entries(catalog)
      .filter(([key]) => key.startsWith('problem.'))
      .flatMap(([key, message]) => {
        const allowed = paramsOf(key.slice('problem.'.length));
        const extra = icuArguments(message).filter((name) => !allowed.includes(name));
        return extra.length ? [`${lang}: ${key} uses {${extra.join(',')}}, its code carries {${allowed.join(',')}}`] : [];
      }),
  );
}

describe('problem catalogs', () => {
  const catalogs = load(PROBLEMS);

  it('has one problem catalog per language', () => {
    expect(readdirSync(PROBLEMS).sort()).toEqual(LOCALES.map((l) => `${l}.json`).sort());
  });

  it('words every code the API can answer with (error-codes.ts), in every language', () => {
    expect(missingCodes(catalogs, ERROR_CODES)).toEqual([]);
  });

  it('fails naming the code when a language lacks one', () => {
    const { ['problem.TOO_FEW_PARTNERS']: _dropped, ...withoutKey } = catalogs.it;
    expect(missingCodes({ ...catalogs, it: withoutKey }, ERROR_CODES)).toEqual(['it: no problem.TOO_FEW_PARTNERS']);
    expect(missingCodes(catalogs, [...ERROR_CODES, 'A_FUTURE_CODE'])).toEqual(LOCALES.map((l) => `${l}: no problem.A_FUTURE_CODE`));
  });

  it('agree like the page catalogs: same keys, no empty message, same ICU arguments, real translations', () => {
    expect(compareCatalogs(catalogs)).toEqual([]);
  });

  it('share no key with the page catalogs (they merge into one set of messages)', () => {
    const pages = load(MESSAGES);
    const shared = LOCALES.flatMap((l) => Object.keys(catalogs[l]).filter((k) => k in pages[l]).map((k) => `${l}: ${k}`));
    expect(shared).toEqual([]);
  });

  it('use only the params each code carries as placeholders', () => {
    expect(unknownPlaceholders(catalogs)).toEqual([]);
  });

  it('fails on a placeholder the code does not carry', () => {
    const planted = { ...catalogs, fr: { ...catalogs.fr, 'problem.isInt': 'Doit être un nombre entier, pas {actual}.' } };
    expect(unknownPlaceholders(planted)).toEqual(['fr: problem.isInt uses {actual}, its code carries {}']);
  });
});

describe('wording a refusal in the reader’s language', () => {
  const catalogs = load(PROBLEMS);
  const german = createIntl({ locale: 'de', messages: catalogs.de });

  it('words a field error with its params in German', () => {
    expect(wordProblem(german, { code: 'minLength', message: 'newPassword must be longer than or equal to 12 characters', params: { min: 12 } })).toBe(
      'Mindestens 12 Zeichen.',
    );
  });

  it('formats money per locale, instants in the reader’s locale and states in words', () => {
    const grant = wordProblem(german, {
      code: 'GRANT_ABOVE_PARTNER_MAXIMUM',
      message: 'Grant 300000.00 EUR above the maximum 250000.00 EUR',
      params: { organisationId: 'o1', amount: 30_000_000, regionCode: 'AT33', limit: 25_000_000, currency: 'EUR' },
    });
    // Intl separates the amount from the currency sign with a no-break space.
    expect(grant.replace(/\u00a0/g, ' ')).toBe('Der Zuschuss 300.000 € übersteigt das Maximum je Partner in AT33 (250.000 €).');
    const late = wordProblem(german, { code: 'SUBMISSION_DEADLINE_PASSED', message: 'Deadline passed', params: { deadline: '2026-03-01T12:00:00+00:00' } });
    expect(late).toMatch(/^Die Einreichungsfrist ist am \d{2}\.\d{2}\.2026, \d{2}:\d{2} abgelaufen\.$/);
    const state = wordProblem(german, { code: 'PROPOSAL_STATE_CONFLICT', message: 'Proposal is SUBMITTED', params: { state: 'SUBMITTED' } });
    expect(state).toBe('Im aktuellen Stand des Antrags nicht möglich: eingereicht.');
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
    const html = renderToStaticMarkup(createElement(IntlProvider, { locale: 'de', messages: catalogs.de }, createElement(Probe)));
    expect(html).toBe('<ul><li>Zu wenige Partner: 1, mindestens 3 nötig.</li><li>Server wording</li></ul>');
  });
});
