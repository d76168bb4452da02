import { MinCostFlow } from './min-cost-flow';

describe('MinCostFlow', () => {
  it('stops at the cheapest flow value, rerouting earlier flow through reverse arcs', () => {
    // 0 → {1,2} → {3,4} → 5. Greedy 1→3 first would block; optimum sends 1→4 and 2→3.
    const f = new MinCostFlow(6);
    const s1 = f.addArc(0, 1, 1, 0);
    const s2 = f.addArc(0, 2, 1, 0);
    const a13 = f.addArc(1, 3, 1, -10);
    const a14 = f.addArc(1, 4, 1, -9);
    const a23 = f.addArc(2, 3, 1, -8);
    f.addArc(3, 5, 1, 0);
    f.addArc(4, 5, 1, 0);
    expect(f.run(0, 5)).toBe(2);
    expect([f.flowOn(s1), f.flowOn(s2), f.flowOn(a13), f.flowOn(a14), f.flowOn(a23)]).toEqual([1, 1, 0, 1, 1]);
  });

  it('sends no flow along paths that do not lower the cost', () => {
    const f = new MinCostFlow(3);
    const cheap = f.addArc(0, 1, 2, -1);
    f.addArc(1, 2, 5, 0);
    const dear = f.addArc(0, 2, 3, 4);
    expect(f.run(0, 2)).toBe(2);
    expect([f.flowOn(cheap), f.flowOn(dear)]).toEqual([2, 0]);
  });

  it('refuses arcs against the index order and non-integer costs', () => {
    const f = new MinCostFlow(3);
    expect(() => f.addArc(2, 1, 1, 0)).toThrow(/index order/);
    expect(() => f.addArc(0, 1, 1, 0.5)).toThrow(/safe integers/);
  });
});
