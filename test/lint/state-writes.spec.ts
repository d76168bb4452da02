import * as path from 'node:path';
import { stateWritesIn, stateWritesUnder } from './state-writes';

const ROOT = path.resolve(__dirname, '..', '..');

describe('state columns are written only through the domain’s transitions', () => {
  it('no state, status or current_stage is written outside a repository’s transition method', () => {
    const outside = stateWritesUnder(ROOT)
      .filter((w) => !w.allowed)
      .map((w) => `${w.file}:${w.line} writes ${w.column} in ${w.method ?? '(no method)'}`);
    expect(outside).toEqual([]);
  });

  it('finds a planted write outside a transition, and accepts one that asks the machine', () => {
    const repository = 'libs/persistence/src/repositories/sample.repository.ts';
    const planted = `class R {
      async close(tx, id) { await tx.query("UPDATE sample SET note = 'x', status = 'CLOSED' WHERE id = $1", [id]); }
      async transitionSample(tx, id, to) {
        const [row] = await tx.query('SELECT status FROM sample WHERE id = $1 FOR UPDATE', [id]);
        sampleMachine.assert(row.status, to);
        await tx.query(\`UPDATE sample
          SET status = $2, updated_at = now() WHERE id = $1\`, [id, to]);
      }
      async transitionUnchecked(tx, id) { await tx.query('UPDATE sample SET current_stage = 2 WHERE id = $1', [id]); }
    }`;
    const writes = stateWritesIn(repository, planted).map((w) => [w.method, w.column, w.allowed]);
    expect(writes).toEqual([
      ['close', 'status', false],
      ['transitionSample', 'status', true],
      ['transitionUnchecked', 'current_stage', false],
    ]);
    const inApp = stateWritesIn('apps/api/src/x.controller.ts', planted.replace('close', 'transitionX'));
    expect(inApp.every((w) => !w.allowed)).toBe(true);
    expect(stateWritesIn(repository, "const q = 'SELECT id FROM sample WHERE status = $1';")).toEqual([]);
  });
});
