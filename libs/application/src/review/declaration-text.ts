import { createHash } from 'node:crypto';

/** Bump when the wording changes: a signature keeps the hash of the text it was given for. */
export const DECLARATION_VERSION = 1;

/**
 * The confidentiality and no-conflict declaration an evaluator signs for a call before seeing any
 * proposal (SPEC §5 V2). The call's title and id make each call's text, and so its hash, its own.
 */
export function declarationText(call: { id: string; title: string }): string {
  return [
    'ACIE Joint Call Engine — declaration of confidentiality and absence of conflict of interest',
    `Joint call: "${call.title}" (${call.id})`,
    `Declaration version ${DECLARATION_VERSION}`,
    '',
    'As an independent expert evaluating proposals of this joint call, I declare that:',
    '1. I will keep confidential every proposal, document, score and discussion of this call that I see, use them ' +
      'only to evaluate it, keep no copy after the evaluation, and disclose nothing to anyone, including the names ' +
      'of other evaluators.',
    '2. I will evaluate impartially, on the published criteria of the call only, and in person.',
    '3. I will not evaluate a proposal with which I have a conflict of interest: I work for, advise, hold an ' +
      'interest in or have a close family or professional tie with an organisation of its consortium, or I took part ' +
      'in preparing it, or anything else could make my judgement less than impartial.',
    '4. Before seeing any proposal I will declare every conflict of interest I have with the proposals of this ' +
      'call, and I will declare at once any conflict I discover later and stop evaluating that proposal.',
    '5. I understand that a breach of this declaration excludes me from the evaluation and may be reported to the ' +
      'funding agencies.',
  ].join('\n');
}

/** SHA-256 (lower-case hex) of the text's UTF-8 bytes: what a signature must quote. */
export function declarationHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
