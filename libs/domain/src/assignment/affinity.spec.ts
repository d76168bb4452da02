import fc from 'fast-check';
import { affinity, normaliseTerms, sharedTerms } from './affinity';

describe('affinity', () => {
  it('is floor(100 × shared terms / terms)', () => {
    expect(affinity({ topic: 'Robotics', keywords: ['AI', 'energy'] }, ['ai', 'robotics'])).toBe(66);
    expect(affinity({ topic: 'robotics', keywords: ['ai'] }, ['robotics', 'ai'])).toBe(100);
    expect(affinity({ topic: 'robotics', keywords: ['ai', 'water'] }, ['health'])).toBe(0);
    expect(affinity({ topic: 'a', keywords: ['b', 'c', 'd', 'e', 'f'] }, ['a'])).toBe(16); // 16.67
  });

  it('ignores case on both sides', () => {
    expect(affinity({ topic: 'ROBOTICS', keywords: ['Ai'] }, ['robotics'])).toBe(50);
    expect(affinity({ topic: 'robotics', keywords: ['ai'] }, ['ROBOTICS', 'aI'])).toBe(100);
  });

  it('counts a term once however often it appears (topic repeated as keyword, keyword repeated)', () => {
    expect(affinity({ topic: 'ai', keywords: ['AI', 'ai ', 'water'] }, ['ai'])).toBe(50);
    expect(affinity({ topic: 'ai', keywords: ['water', 'water'] }, ['water', 'WATER'])).toBe(50);
  });

  it('uses the topic alone when keywords are empty, and is 0 with no terms at all', () => {
    expect(affinity({ topic: 'ai', keywords: [] }, ['ai'])).toBe(100);
    expect(affinity({ topic: 'ai', keywords: [] }, [])).toBe(0);
    expect(affinity({ topic: '', keywords: [] }, ['ai'])).toBe(0);
    expect(affinity({ topic: '   ', keywords: ['', ' '] }, ['', ' '])).toBe(0);
  });

  it('trims whitespace and drops empty terms', () => {
    expect(affinity({ topic: '  ai  ', keywords: ['', '   ', '\tenergy\n'] }, [' energy', 'AI '])).toBe(100);
    expect(affinity({ topic: 'ai', keywords: ['', 'water'] }, ['ai'])).toBe(50);
    expect(normaliseTerms([' A ', 'a', '', 'B'])).toEqual(['a', 'b']);
  });

  it('lists shared terms in the proposal order', () => {
    expect(sharedTerms({ topic: 'Robotics', keywords: ['water', 'AI'] }, ['ai', 'robotics'])).toEqual([
      'robotics',
      'ai',
    ]);
  });

  it('is an integer in 0–100 and 100 when the expertise contains every term', () => {
    const word = fc.constantFrom('ai', 'AI', ' robotics', 'energy', '', 'Water ', 'health');
    fc.assert(
      fc.property(
        word,
        fc.array(word, { maxLength: 6 }),
        fc.array(word, { maxLength: 6 }),
        (topic, keywords, expertise) => {
          const value = affinity({ topic, keywords }, expertise);
          expect(Number.isInteger(value) && value >= 0 && value <= 100).toBe(true);
          const all = [topic, ...keywords];
          const terms = normaliseTerms(all);
          expect(affinity({ topic, keywords }, all)).toBe(terms.length === 0 ? 0 : 100);
        },
      ),
    );
  });
});
