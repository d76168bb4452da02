import type { ProblemParams } from '@app/domain';

/**
 * Params whose values are shown in the English message in another form (a currency beside a bare
 * amount, basis points shown as a percentage): not looked for in the message.
 */
const FORMATTED_ELSEWHERE = new Set(['currency', 'rateBps']);

/**
 * The params of a refusal that its English message does not name: each number, string and list element
 * must appear in the message, so a wrong param shows up (`[]` when all are there).
 */
export function paramsMissingFromMessage(refusal: { message: string; params?: ProblemParams }): string[] {
  const missing: string[] = [];
  for (const [name, value] of Object.entries(refusal.params ?? {})) {
    if (FORMATTED_ELSEWHERE.has(name)) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (typeof v === 'boolean') continue;
      if (!refusal.message.includes(String(v))) missing.push(`${name}=${String(v)}`);
    }
  }
  return missing;
}
