import fc from 'fast-check';
import { composeDigest, digestCutoff, digestDayFor, dueDigestDay } from './digest';

const instant = fc.date({
  min: new Date('2000-01-01T00:00:00Z'),
  max: new Date('2100-01-01T00:00:00Z'),
  noInvalidDate: true,
});
const hour = fc.integer({ min: 0, max: 23 });
const DAY_MS = 24 * 60 * 60 * 1000;

describe('digest calendar', () => {
  it('waits for the digest hour: before it the due day is yesterday, from it on today', () => {
    expect(dueDigestDay(new Date('2026-05-04T05:59:59.999Z'), 6)).toBe('2026-05-03');
    expect(dueDigestDay(new Date('2026-05-04T06:00:00.000Z'), 6)).toBe('2026-05-04');
    expect(dueDigestDay(new Date('2026-01-01T00:30:00.000Z'), 6)).toBe('2025-12-31');
    expect(dueDigestDay(new Date('2026-05-04T00:00:00.000Z'), 0)).toBe('2026-05-04');
  });

  it('puts a message into the first day whose cut-off comes after it', () => {
    expect(digestDayFor(new Date('2026-05-04T05:59:59.999Z'), 6)).toBe('2026-05-04');
    expect(digestDayFor(new Date('2026-05-04T06:00:00.000Z'), 6)).toBe('2026-05-05');
    expect(digestDayFor(new Date('2026-12-31T23:00:00.000Z'), 6)).toBe('2027-01-01');
    expect(digestCutoff('2026-05-04', 6).toISOString()).toBe('2026-05-04T06:00:00.000Z');
  });

  it('every message lands in exactly one digest day: the one cut-off interval that contains it', () => {
    fc.assert(
      fc.property(instant, hour, (createdAt, h) => {
        const day = digestDayFor(createdAt, h);
        const cutoff = digestCutoff(day, h).getTime();
        expect(cutoff).toBeGreaterThan(createdAt.getTime());
        expect(cutoff - DAY_MS).toBeLessThanOrEqual(createdAt.getTime());
      }),
    );
  });

  it('a message is in the due digest exactly when its day is due, and the due cut-off is never in the future', () => {
    fc.assert(
      fc.property(instant, instant, hour, (createdAt, now, h) => {
        const due = dueDigestDay(now, h);
        const cutoff = digestCutoff(due, h).getTime();
        expect(cutoff).toBeLessThanOrEqual(now.getTime());
        expect(now.getTime() - cutoff).toBeLessThan(DAY_MS);
        // Days compare as yyyy-mm-dd strings.
        expect(createdAt.getTime() < cutoff).toBe(digestDayFor(createdAt, h) <= due);
      }),
    );
  });

  it('refuses a digest hour outside 0..23', () => {
    expect(() => dueDigestDay(new Date(), 24)).toThrow(RangeError);
    expect(() => digestCutoff('2026-5-4', 6)).toThrow(RangeError);
  });
});

describe('composeDigest', () => {
  it('counts the messages in the subject and lists every subject and body once, without their signatures', () => {
    const digest = composeDigest('2026-05-04', [
      {
        subject: 'Ada asks to join Alpine Labs',
        body: 'Dear Eve,\n\nAda asks.\n\n-- \nACIE Joint Call Engine\nfooter',
      },
      { subject: 'Bob asks to join Alpine Labs', body: 'Dear Eve,\n\nBob asks.' },
    ]);
    expect(digest.subject).toBe('Your ACIE digest for 2026-05-04: 2 messages');
    expect(digest.body).toContain('1. Ada asks to join Alpine Labs\n\nDear Eve,\n\nAda asks.');
    expect(digest.body).toContain('2. Bob asks to join Alpine Labs\n\nDear Eve,\n\nBob asks.');
    expect(digest.body.match(/\n-- \n/g)).toHaveLength(1);
    expect(composeDigest('2026-05-04', [{ subject: 's', body: 'b' }]).subject).toBe(
      'Your ACIE digest for 2026-05-04: 1 message',
    );
  });

  it('contains every entry subject, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ subject: fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,30}$/), body: fc.string() }), {
          minLength: 1,
          maxLength: 20,
        }),
        (entries) => {
          const digest = composeDigest('2026-05-04', entries);
          let from = 0;
          entries.forEach((entry, index) => {
            const at = digest.body.indexOf(`${index + 1}. ${entry.subject}\n`, from);
            expect(at).toBeGreaterThanOrEqual(from);
            from = at + 1;
          });
          expect(digest.subject).toContain(`${entries.length} message`);
        },
      ),
    );
  });

  it("speaks the user's language, Slovenian counts included", () => {
    const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ subject: `s${i}`, body: 'b' }));
    expect(composeDigest('2026-05-04', entries(2), 'de').subject).toBe(
      'Ihre ACIE-Zusammenfassung vom 2026-05-04: 2 Nachrichten',
    );
    expect(composeDigest('2026-05-04', entries(1), 'it').subject).toBe(
      'Il tuo riepilogo ACIE del 2026-05-04: 1 messaggio',
    );
    expect(composeDigest('2026-05-04', entries(3), 'fr').body).toMatch(
      /^Votre récapitulatif quotidien du 2026-05-04 \(3 messages\)/,
    );
    const sl = (n: number) => composeDigest('2026-05-04', entries(n), 'sl').subject;
    const slCounts = [
      '1 sporočilo',
      '2 sporočili',
      '3 sporočila',
      '4 sporočila',
      '5 sporočil',
      '101 sporočilo',
      '102 sporočili',
    ];
    expect([1, 2, 3, 4, 5, 101, 102].map(sl)).toEqual(slCounts.map((c) => `Vaš povzetek ACIE za 2026-05-04: ${c}`));
    const german = composeDigest('2026-05-04', entries(2), 'de');
    expect(german.body.match(/\n-- \n/g)).toHaveLength(1);
    expect(composeDigest('2026-05-04', entries(2), 'xx').subject).toBe('Your ACIE digest for 2026-05-04: 2 messages');
  });

  it('refuses an empty digest', () => {
    expect(() => composeDigest('2026-05-04', [])).toThrow(RangeError);
  });
});
