import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  checkRedressRequest,
  DomainError,
  resplitInstalments,
  toHalfPoints,
  validateAmendment,
  validateCriterionScores,
  type ProblemParams,
} from '@app/domain';
import { icuArguments, type Catalog } from '../../../web/src/i18n/catalog-check';
import { LOCALES } from '../../../web/src/i18n/locales';
import { ERROR_CODES } from './error-codes';
import { paramsOf, PROBLEM_PARAMS } from './problem-params';

/**
 * The web app's problem catalogs (`apps/web/src/i18n/problems/*.json`) against the API's codes: a wording
 * for every code in every language, using only the params its code carries. Kept on the API side because
 * the codes and the params table live here.
 */
const PROBLEMS = path.resolve(__dirname, '../../../web/src/i18n/problems');
const catalogs: Record<string, Catalog> = Object.fromEntries(
  LOCALES.map((lang) => [lang, JSON.parse(readFileSync(path.join(PROBLEMS, `${lang}.json`), 'utf8')) as Catalog]),
);

/** Codes without a `problem.<CODE>` wording, per language. */
function missingCodes(all: Record<string, Catalog>, codes: readonly string[]): string[] {
  return Object.entries(all).flatMap(([lang, catalog]) =>
    codes.filter((code) => !(`problem.${code}` in catalog)).map((code) => `${lang}: no problem.${code}`),
  );
}

/** Placeholders a wording uses that its code never carries. */
function unknownPlaceholders(all: Record<string, Catalog>): string[] {
  return Object.entries(all).flatMap(([lang, catalog]) =>
    Object.entries(catalog)
      .filter(([key]) => key.startsWith('problem.'))
      .flatMap(([key, message]) => {
        const allowed = paramsOf(key.slice('problem.'.length));
        const extra = icuArguments(message).filter((name) => !allowed.includes(name));
        return extra.length
          ? [`${lang}: ${key} uses {${extra.join(',')}}, its code carries {${allowed.join(',')}}`]
          : [];
      }),
  );
}

describe('problem catalogs of the web app', () => {
  it('word every code the API can answer with, in every language', () => {
    expect(missingCodes(catalogs, ERROR_CODES)).toEqual([]);
  });

  it('fail naming the code when a language lacks one, or when the API gains a code', () => {
    const { ['problem.TOO_FEW_PARTNERS']: _dropped, ...withoutKey } = catalogs.it;
    expect(missingCodes({ ...catalogs, it: withoutKey }, ERROR_CODES)).toEqual(['it: no problem.TOO_FEW_PARTNERS']);
    expect(missingCodes(catalogs, [...ERROR_CODES, 'A_FUTURE_CODE'])).toEqual(
      LOCALES.map((l) => `${l}: no problem.A_FUTURE_CODE`),
    );
  });

  it('use as placeholders only the params each code carries', () => {
    expect(unknownPlaceholders(catalogs)).toEqual([]);
  });

  it('fail on a placeholder the code does not carry', () => {
    const planted = {
      ...catalogs,
      fr: { ...catalogs.fr, 'problem.isInt': 'Doit être un nombre entier, pas {actual}.' },
    };
    expect(unknownPlaceholders(planted)).toEqual(['fr: problem.isInt uses {actual}, its code carries {}']);
  });
});

describe('PROBLEM_PARAMS', () => {
  it('lists only codes the API knows (plus class-validator constraints not raised today)', () => {
    const known = new Set([...ERROR_CODES, 'isLength', 'isEnum']);
    expect(Object.keys(PROBLEM_PARAMS).filter((code) => !known.has(code))).toEqual([]);
  });

  it('holds every param of real refusals', () => {
    const thrown = (fn: () => unknown): DomainError => {
      try {
        fn();
      } catch (error) {
        if (error instanceof DomainError) return error;
        throw error;
      }
      throw new Error('nothing thrown');
    };
    const criteria = [{ name: 'Excellence', weight: 1, threshold: 3 }];
    const refusals: Array<{ code: string; params?: ProblemParams }> = [
      ...validateCriterionScores(
        criteria,
        [
          { criterion: 'Originality', score: 3, comment: 'x' },
          { criterion: 'Excellence', score: 7, comment: 'x'.repeat(5001) },
        ],
        { complete: true, rule: 'V6' },
      ),
      ...checkRedressRequest({
        now: '2027-03-01T00:00:00Z',
        resultAt: '2027-01-01T00:00:00Z',
        stage: 1,
        requesterIsCoordinator: true,
        filedStages: [1],
        grounds: 'x'.repeat(10_001),
      }).violations,
      ...validateAmendment(
        {
          durationMonths: 24,
          milestones: [{ index: 1, dueMonth: 6 }],
          partners: [{ organisationId: 'org-a', regionCode: 'ITC4', role: 'COORDINATOR', grant: 1000, released: 300 }],
          regionCurrencies: { ITC4: 'EUR' },
        },
        {
          durationMonths: 3,
          milestoneChanges: [{ milestoneIndex: 9, newDueMonth: 3 }],
          removePartners: ['org-a', 'org-z'],
        },
      ),
      thrown(() => resplitInstalments(100, [{ id: 'i1', state: 'PAID', shareBps: 10_000, amount: 300 }])),
      thrown(() => toHalfPoints(5.5)),
    ];
    expect(refusals.length).toBeGreaterThan(4);
    const outside = refusals.flatMap((r) =>
      Object.keys(r.params ?? {})
        .filter((name) => !paramsOf(r.code).includes(name))
        .map((name) => `${r.code}.${name}`),
    );
    expect(outside).toEqual([]);
  });
});
