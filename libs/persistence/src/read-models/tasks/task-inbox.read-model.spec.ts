import fc from 'fast-check';
import { compareTaskPositions, decodeTaskPosition, encodeTaskPosition } from './task-inbox.read-model';
import type { TaskRecord } from './task-kind';

const task = (id: string, dueAt: Date | null): TaskRecord => ({
  id,
  kind: 'K',
  workspace: 'APPLICANT',
  dueAt,
  timeZone: null,
  link: '/tasks',
  params: {},
});

describe('inbox order and cursor', () => {
  it('puts the soonest due first, undated tasks last, ties by id', () => {
    const items = [
      task('b', null),
      task('c', new Date(2000)),
      task('a', null),
      task('d', new Date(1000)),
      task('a2', new Date(2000)),
    ];
    const sorted = [...items].sort((x, y) =>
      compareTaskPositions(
        { dueAtMs: x.dueAt?.getTime() ?? null, id: x.id },
        { dueAtMs: y.dueAt?.getTime() ?? null, id: y.id },
      ),
    );
    expect(sorted.map((t) => t.id)).toEqual(['d', 'a2', 'c', 'a', 'b']);
  });

  it('round-trips every position through the cursor key and refuses keys it did not make', () => {
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: 0, max: 4_102_444_800_000 })),
        fc.string({ minLength: 1, maxLength: 60 }),
        (due, id) => {
          const t = task(id, due === null ? null : new Date(due));
          expect(decodeTaskPosition(encodeTaskPosition(t))).toEqual({ dueAtMs: due, id });
        },
      ),
    );
    for (const bad of ['', '|x', 'soon|x', '123|', 'no-bar']) expect(decodeTaskPosition(bad)).toBeNull();
  });
});
