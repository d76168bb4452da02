/**
 * Seeded generator of realistic reviewer-assignment instances (SPEC §5 V1–V4, §7 P2). Deterministic for
 * a seed (its own PRNG, mulberry32; never Math.random):
 *
 * - a vocabulary of ~2 000 pseudo-words split into fields; within a field, and over the whole
 *   vocabulary, terms are drawn Zipf-like (a few terms are everywhere, most are rare);
 * - topics: each field's three most frequent terms;
 * - proposals: a field (popular fields more often), one of its topics and 4–8 keywords, mostly of
 *   the field, some of a neighbouring field, a few from anywhere; a consortium of 2–6 organisations
 *   from ≥ 2 regions;
 * - ~30 countries of uneven size (big countries have more organisations, regions and evaluators), a
 *   few to a dozen regions in each;
 * - organisations drawn Zipf-like too (big universities are in many consortia and employ many
 *   evaluators: conflicts);
 * - evaluators: 5–12 expertise terms biased to a main field, a region of their country, more than
 *   half employed by an organisation there, 0–3 declared conflicts with proposals of their field,
 *   maxLoad 5–10 (one in ten only 1–3).
 */
import type { AssignmentEvaluator, AssignmentOptions, AssignmentProposal } from '@app/domain';
import { mulberry32 } from '../common/seeded-random';

export interface InstanceSize {
  proposals: number;
  evaluators: number;
  seed: number;
  /** The first N of the 30 countries (default all): fewer countries make diversity bind. */
  countries?: number;
}

export interface GeneratedInstance {
  proposals: AssignmentProposal[];
  evaluators: AssignmentEvaluator[];
  /** Facts about the instance, printed by the benchmark. */
  stats: {
    vocabulary: number;
    fields: number;
    countries: number;
    regions: number;
    organisations: number;
    capacity: number;
    declaredConflicts: number;
  };
}

const VOCABULARY = 2_000;
const FIELDS = 25;
const TOPICS_PER_FIELD = 3;
const COUNTRY_CODES = [
  'DE',
  'FR',
  'IT',
  'ES',
  'PL',
  'NL',
  'BE',
  'SE',
  'AT',
  'CH',
  'PT',
  'CZ',
  'GR',
  'DK',
  'FI',
  'NO',
  'IE',
  'HU',
  'RO',
  'SK',
  'SI',
  'HR',
  'BG',
  'LT',
  'LV',
  'EE',
  'LU',
  'CY',
  'MT',
  'IS',
];
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'tra',
  'ne',
  'so',
  'bi',
  'ro',
  'ta',
  'ven',
  'dor',
  'gal',
  'pha',
  'ly',
  'zo',
  'cri',
  'mo',
  'ster',
  'qua',
  'fi',
  'nu',
  'pel',
  'tek',
  'sy',
  'gen',
  'vo',
  'lim',
  'ar',
  'ex',
  'on',
  'ium',
  'ra',
];

class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  float(): number {
    return this.next();
  }

  /** 0 ≤ result < n. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** lo ≤ result ≤ hi. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** Samples indices 0…n−1 with weight 1/(i+1)^s (cumulative table + binary search). */
class Zipf {
  private readonly cumulative: Float64Array;

  constructor(n: number, s: number) {
    this.cumulative = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i += 1) this.cumulative[i] = sum += 1 / Math.pow(i + 1, s);
  }

  sample(random: Random): number {
    const target = random.float() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Draws `count` distinct terms (or fewer if the sources run dry) with the given source mix. */
function distinctTerms(
  random: Random,
  count: number,
  exclude: string,
  sources: Array<[number, () => string]>,
): string[] {
  const terms = new Set<string>();
  for (let attempt = 0; terms.size < count && attempt < count * 20; attempt += 1) {
    let roll = random.float();
    let term = sources[sources.length - 1][1]();
    for (const [share, draw] of sources) {
      if (roll < share) {
        term = draw();
        break;
      }
      roll -= share;
    }
    if (term !== exclude) terms.add(term);
  }
  return [...terms];
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function generateInstance(size: InstanceSize): GeneratedInstance {
  const random = new Random(size.seed);

  // Vocabulary: unique pseudo-words; field f owns a contiguous block of it, ordered by frequency.
  const words = new Set<string>();
  while (words.size < VOCABULARY) {
    const syllables = random.between(2, 4);
    let word = '';
    for (let i = 0; i < syllables; i += 1) word += random.pick(SYLLABLES);
    words.add(word);
  }
  const vocabulary = [...words];
  const perField = Math.floor(VOCABULARY / FIELDS);
  const fieldTerms = Array.from({ length: FIELDS }, (_, f) => vocabulary.slice(f * perField, (f + 1) * perField));
  const inField = new Zipf(perField, 1.0);
  const global = new Zipf(VOCABULARY, 1.1);
  // The global order interleaves the fields, so that globally frequent terms come from every field.
  const globalOrder = Array.from(
    { length: VOCABULARY },
    (_, i) => fieldTerms[i % FIELDS][Math.floor(i / FIELDS) % perField],
  );
  const fieldPopularity = new Zipf(FIELDS, 0.8);
  const termOf = (field: number) => (): string => fieldTerms[field][inField.sample(random)];
  const anyTerm = (): string => globalOrder[global.sample(random)];
  const neighbour = (field: number): number => (field + (random.float() < 0.5 ? 1 : FIELDS - 1)) % FIELDS;

  // Countries of uneven size; regions per country by size, themselves of uneven size.
  const countryCodes = COUNTRY_CODES.slice(
    0,
    Math.max(1, Math.min(COUNTRY_CODES.length, size.countries ?? COUNTRY_CODES.length)),
  );
  const countryWeight = new Zipf(countryCodes.length, 1.0);
  const countryRegions = countryCodes.map((code, i) => {
    const regionCount = Math.max(1, Math.round(12 / Math.pow(i + 1, 0.6)));
    return {
      code,
      regions: Array.from({ length: regionCount }, (_, r) => `${code}${r + 1}`),
      weights: new Zipf(regionCount, 0.7),
    };
  });
  const regionOf = (country: number): string =>
    countryRegions[country].regions[countryRegions[country].weights.sample(random)];

  // Organisations: in a country (by size) and one of its regions; popular ones drawn far more often.
  const organisationCount = Math.max(40, Math.round(0.3 * (size.proposals + size.evaluators)));
  const organisations = Array.from({ length: organisationCount }, (_, i) => {
    const country = countryWeight.sample(random);
    return { id: `ORG${pad(i + 1, 5)}`, country, region: regionOf(country) };
  });
  const organisationPopularity = new Zipf(organisationCount, 0.9);
  const organisationsByCountry = countryCodes.map(() => [] as number[]);
  organisations.forEach((o, i) => organisationsByCountry[o.country].push(i));
  const countryPopularity = countryCodes.map((_, c) => new Zipf(Math.max(1, organisationsByCountry[c].length), 0.9));

  const proposalsByField = Array.from({ length: FIELDS }, () => [] as string[]);
  const proposals: AssignmentProposal[] = Array.from({ length: size.proposals }, (_, i) => {
    const id = `P${pad(i + 1, 6)}`;
    const field = fieldPopularity.sample(random);
    proposalsByField[field].push(id);
    const topic = fieldTerms[field][random.int(TOPICS_PER_FIELD)];
    const secondary = neighbour(field);
    const keywords = distinctTerms(random, random.between(4, 8), topic, [
      [0.75, termOf(field)],
      [0.15, termOf(secondary)],
      [0.1, anyTerm],
    ]);
    const partners = new Set<number>();
    const partnerCount = [2, 3, 3, 4, 4, 4, 5, 5, 6][random.int(9)];
    while (partners.size < partnerCount) partners.add(organisationPopularity.sample(random));
    let regions = new Set([...partners].map((o) => organisations[o].region));
    while (regions.size < 2) {
      const o = random.int(organisationCount);
      partners.add(o);
      regions = new Set([...partners].map((p) => organisations[p].region));
    }
    return {
      id,
      topic,
      keywords,
      organisationIds: [...partners].map((o) => organisations[o].id),
      regionCodes: [...regions],
    };
  });

  let capacity = 0;
  let declaredConflicts = 0;
  const evaluators: AssignmentEvaluator[] = Array.from({ length: size.evaluators }, (_, i) => {
    const country = countryWeight.sample(random);
    const field = fieldPopularity.sample(random);
    const expertise = distinctTerms(random, random.between(5, 12), '', [
      [0.7, termOf(field)],
      [0.2, termOf(neighbour(field))],
      [0.1, anyTerm],
    ]);
    const local = organisationsByCountry[country];
    const employer =
      local.length > 0 && random.float() < 0.6
        ? organisations[local[countryPopularity[country].sample(random)]]
        : undefined;
    const conflictRoll = random.float();
    const conflictCount = conflictRoll < 0.4 ? 0 : conflictRoll < 0.7 ? 1 : conflictRoll < 0.9 ? 2 : 3;
    const pool = proposalsByField[field].length > 0 ? proposalsByField[field] : proposals.map((p) => p.id);
    const conflicts = new Set<string>();
    for (let c = 0; c < conflictCount && pool.length > 0; c += 1) conflicts.add(random.pick(pool));
    const maxLoad = random.float() < 0.1 ? random.between(1, 3) : random.between(5, 10);
    capacity += maxLoad;
    declaredConflicts += conflicts.size;
    return {
      id: `E${pad(i + 1, 6)}`,
      expertise,
      organisationId: employer?.id ?? null,
      regionCode: employer?.region ?? regionOf(country),
      country: countryCodes[country],
      maxLoad,
      declaredConflicts: [...conflicts],
    };
  });

  return {
    proposals,
    evaluators,
    stats: {
      vocabulary: VOCABULARY,
      fields: FIELDS,
      countries: countryCodes.length,
      regions: countryRegions.reduce((n, c) => n + c.regions.length, 0),
      organisations: organisationCount,
      capacity,
      declaredConflicts,
    },
  };
}

export function benchOptions(k: number): AssignmentOptions {
  return { reviewersPerProposal: 3, candidatesPerProposal: k, excludePartnerRegions: true };
}
