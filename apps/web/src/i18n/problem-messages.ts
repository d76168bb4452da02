import { useCallback } from 'react';
import { useIntl, type IntlShape } from 'react-intl';
import type { ProblemParams } from '../api/problem';
import { icuArguments } from './catalog-check';
import { formatBps, formatMoney } from './format';

/** What the API says about a refusal: a problem or one of its `errors[]`. */
export interface WordableError {
  code?: string;
  message: string;
  params?: ProblemParams;
}

/** Params that hold money in minor units when they are numbers and a `currency` is beside them. */
const MONEY_PARAMS = new Set(['amount', 'limit', 'current', 'eligibleCosts']);
/**
 * Params whose values are codes with a wording of their own: states (`problemState.<STATE>`, problem
 * catalogs), organisation types and roles (`orgType.<TYPE>`, `role.<ROLE>`, page catalogs). The first key
 * found words the value; a value without one shows as sent.
 */
const CODE_WORDINGS: Record<string, readonly string[]> = {
  state: ['problemState.'],
  target: ['problemState.'],
  outcome: ['problemState.'],
  allowed: ['problemState.', 'orgType.', 'role.'],
  organisationType: ['orgType.'],
  role: ['role.'],
};
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function hasMessage(intl: IntlShape, id: string): boolean {
  return typeof intl.messages[id] === 'string' || Array.isArray(intl.messages[id]);
}

function wordCode(intl: IntlShape, prefixes: readonly string[], value: string): string {
  const id = prefixes.map((prefix) => `${prefix}${value}`).find((key) => hasMessage(intl, key));
  return id ? intl.formatMessage({ id }) : value;
}

/**
 * One param as the reader should see it: money with its currency, instants in the reader's time, states in words, lists
 * joined.
 */
function formatParam(
  intl: IntlShape,
  name: string,
  value: ProblemParams[string],
  params: ProblemParams,
): string | number {
  const prefixes = CODE_WORDINGS[name];
  // `allowed` offers a choice ("A, B or C"); other lists name all of their values ("A, B and C").
  if (Array.isArray(value)) {
    const words = prefixes ? value.map((v) => wordCode(intl, prefixes, v)) : value;
    return intl.formatList(words, { type: name === 'allowed' ? 'disjunction' : 'conjunction' });
  }
  if (typeof value === 'number') {
    if (MONEY_PARAMS.has(name) && typeof params.currency === 'string') return formatMoney(intl, value, params.currency);
    if (name === 'rateBps') return formatBps(intl, value);
    return value;
  }
  if (typeof value === 'boolean') return String(value);
  if (INSTANT.test(value)) return intl.formatDate(value, { dateStyle: 'medium', timeStyle: 'short' });
  if (prefixes) return wordCode(intl, prefixes, value);
  return value;
}

/**
 * Words a refusal in the reader's language from its `code` (`problem.<CODE>` in the problem catalogs) and
 * its `params`; the server's English message when the catalog has no such code (a code newer than the page)
 * or the answer lacks a value the wording names.
 */
export function wordProblem(intl: IntlShape, error: WordableError): string {
  if (!error.code) return error.message;
  const id = `problem.${error.code}`;
  const pattern = intl.messages[id];
  if (typeof pattern !== 'string') return error.message;
  const params = error.params ?? {};
  const names = icuArguments(pattern);
  if (!names.every((name) => name in params)) return error.message;
  const values = Object.fromEntries(names.map((name) => [name, formatParam(intl, name, params[name], params)]));
  return intl.formatMessage({ id }, values);
}

/** `(error) => text`: a problem or field error worded in the reader's language (see `wordProblem`). */
export function useProblemMessage(): (error: WordableError) => string {
  const intl = useIntl();
  return useCallback((error: WordableError) => wordProblem(intl, error), [intl]);
}
