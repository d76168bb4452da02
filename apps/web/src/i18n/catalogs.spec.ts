import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compareCatalogs, icuArguments, type Catalog } from './catalog-check';
import { findHardCodedStrings } from './hard-coded-strings';
import { LOCALES } from './locales';

const MESSAGES = path.join(__dirname, 'messages');
const SRC = path.resolve(__dirname, '..');

function loadCatalogs(): Record<string, Catalog> {
  return Object.fromEntries(
    LOCALES.map((lang) => [lang, JSON.parse(readFileSync(path.join(MESSAGES, `${lang}.json`), 'utf8')) as Catalog]),
  );
}

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(full);
    return entry.name.endsWith('.tsx') ? [full] : [];
  });
}

describe('message catalogs', () => {
  it('has one catalog per language of the programme', () => {
    expect(readdirSync(MESSAGES).sort()).toEqual(LOCALES.map((l) => `${l}.json`).sort());
  });

  it('agree: same keys, no empty message, same ICU arguments, real translations', () => {
    expect(compareCatalogs(loadCatalogs())).toEqual([]);
  });

  it('fails on a planted difference: a missing key, an empty message, a renamed argument, a copied catalog', () => {
    const catalogs = loadCatalogs();
    const { ['calls.title']: _dropped, ...withoutKey } = catalogs.de;
    expect(compareCatalogs({ ...catalogs, de: withoutKey })).toEqual(['de: missing key calls.title']);
    expect(compareCatalogs({ ...catalogs, fr: { ...catalogs.fr, 'calls.title': ' ' } })).toEqual([
      'fr: empty message calls.title',
    ]);
    expect(compareCatalogs({ ...catalogs, it: { ...catalogs.it, 'time.inZone': '{ora} ({zone})' } })).toEqual([
      'it: time.inZone has arguments {ora,zone} where en has {time,zone}',
    ]);
    expect(compareCatalogs({ ...catalogs, sl: { ...catalogs.en } })[0]).toMatch(
      /^sl: \d+ of \d+ messages are copies of en$/,
    );
  });

  it('reads ICU arguments through plural branches, not the words inside them', () => {
    expect(icuArguments('Closes in {days, plural, one {# day} other {# days}} {hours} h')).toEqual(['days', 'hours']);
    expect(icuArguments('{stages, plural, one {Deadline} other {Stage {stage}: deadline}}')).toEqual([
      'stage',
      'stages',
    ]);
    expect(icuArguments("It's '{literal}' text")).toEqual([]);
  });
});

describe('no hard-coded visible strings in the pages', () => {
  it('finds none in apps/web/src', () => {
    const found = tsxFiles(SRC).flatMap((file) =>
      findHardCodedStrings(path.relative(SRC, file), readFileSync(file, 'utf8')),
    );
    expect(found).toEqual([]);
  });

  it('catches JSX text and visible props, and lets message ids, punctuation and data through', () => {
    const source = `
      export const A = () => (
        <div title="Submit now" data-testid="countdown">
          <Button aria-label="Close">Save</Button>
          <TextInput label={'Legal name'} placeholder={intl.formatMessage({ id: 'x' })} />
          <FormattedMessage id="calls.title" /> · {call.title} (—) {' '}
        </div>
      );`;
    expect(findHardCodedStrings('a.tsx', source).map((f) => f.text)).toEqual([
      'title="Submit now"',
      'aria-label="Close"',
      'Save',
      'label="Legal name"',
    ]);
  });
});
