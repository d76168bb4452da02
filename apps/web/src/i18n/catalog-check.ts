/**
 * Checks that the message catalogs agree: the same keys in every language, no empty message, the same
 * ICU arguments in each translation of a message, and real translations rather than copies of English.
 * Pure functions (strings in, problems out) so the unit test can plant a difference.
 */
export type Catalog = Record<string, string>;

/** Argument names of an ICU message (`{name}`, `{n, plural, …}`), ignoring `#` and literal text. */
export function icuArguments(message: string): string[] {
  const names = new Set<string>();
  let depth = 0;
  for (let i = 0; i < message.length; i++) {
    const ch = message[i];
    if (ch === "'" && (message[i + 1] === '{' || message[i + 1] === '}')) {
      i = message.indexOf("'", i + 1);
      if (i < 0) break;
      continue;
    }
    if (ch === '{') {
      // An argument opens where a message (not a plural branch's selector) continues: at even depth.
      if (depth % 2 === 0) {
        const match = /^\{\s*([A-Za-z_][\w]*)\s*[,}]/.exec(message.slice(i));
        if (match) names.add(match[1]);
      }
      depth++;
    } else if (ch === '}') {
      depth--;
    }
  }
  return [...names].sort();
}

/** Share of messages that differ from English a translation must reach (names and codes may coincide). */
export const MIN_TRANSLATED_SHARE = 0.8;

export function compareCatalogs(catalogs: Record<string, Catalog>, reference = 'en'): string[] {
  const problems: string[] = [];
  const base = catalogs[reference];
  if (!base) return [`no ${reference} catalog`];
  const allKeys = new Set(Object.values(catalogs).flatMap((c) => Object.keys(c)));
  for (const [lang, catalog] of Object.entries(catalogs)) {
    for (const key of allKeys) {
      if (!(key in catalog)) problems.push(`${lang}: missing key ${key}`);
    }
    for (const [key, message] of Object.entries(catalog)) {
      if (typeof message !== 'string' || message.trim() === '') problems.push(`${lang}: empty message ${key}`);
      else if (key in base) {
        const want = icuArguments(base[key]).join(',');
        const have = icuArguments(message).join(',');
        if (want !== have) problems.push(`${lang}: ${key} has arguments {${have}} where ${reference} has {${want}}`);
      }
    }
    if (lang !== reference) {
      const keys = Object.keys(base).filter((k) => k in catalog);
      const same = keys.filter((k) => catalog[k] === base[k]).length;
      if (keys.length && 1 - same / keys.length < MIN_TRANSLATED_SHARE) {
        problems.push(`${lang}: ${same} of ${keys.length} messages are copies of ${reference}`);
      }
    }
  }
  return problems;
}
