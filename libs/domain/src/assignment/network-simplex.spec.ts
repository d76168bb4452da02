import fc from 'fast-check';
import { MinCostFlow } from './min-cost-flow';
import { NetworkSimplex } from './network-simplex';

interface Arc {
  from: number;
  to: number;
  capacity: number;
  cost: number;
}

/** Random DAG in index order between node 0 (source) and the last node (sink). */
const graphArb = fc.integer({ min: 2, max: 14 }).chain((nodes) =>
  fc.record({
    nodes: fc.constant(nodes),
    arcs: fc.array(
      fc
        .tuple(
          fc.integer({ min: 0, max: nodes - 1 }),
          fc.integer({ min: 0, max: nodes - 1 }),
          fc.integer({ min: 0, max: 4 }),
          fc.integer({ min: -20, max: 20 }),
        )
        .filter(([a, b]) => a !== b)
        .map(([a, b, capacity, cost]): Arc => ({ from: Math.min(a, b), to: Math.max(a, b), capacity, cost })),
      { maxLength: 40 },
    ),
  }),
);

function networkSimplexCost(nodes: number, arcs: Arc[]): { cost: number; value: number; flows: number[] } {
  const ns = new NetworkSimplex(nodes);
  const ids = arcs.map((a) => ns.addArc(a.from, a.to, a.capacity, a.cost));
  const back = ns.addArc(
    nodes - 1,
    0,
    arcs.reduce((s, a) => s + a.capacity, 0),
    0,
  );
  ns.solve();
  const flows = ids.map((id) => ns.flowOn(id));
  return { cost: arcs.reduce((s, a, i) => s + a.cost * flows[i], 0), value: ns.flowOn(back), flows };
}

describe('NetworkSimplex', () => {
  it('reroutes flow to reach the optimum (the greedy first choice would block)', () => {
    const ns = new NetworkSimplex(6);
    const a13 = ns.addArc(1, 3, 1, -10);
    const a14 = ns.addArc(1, 4, 1, -9);
    const a23 = ns.addArc(2, 3, 1, -8);
    ns.addArc(0, 1, 1, 0);
    ns.addArc(0, 2, 1, 0);
    ns.addArc(3, 5, 1, 0);
    ns.addArc(4, 5, 1, 0);
    const back = ns.addArc(5, 0, 10, 0);
    ns.solve();
    expect([ns.flowOn(a13), ns.flowOn(a14), ns.flowOn(a23), ns.flowOn(back)]).toEqual([0, 1, 1, 2]);
  });

  it('sends nothing when no cycle has a negative cost', () => {
    const ns = new NetworkSimplex(3);
    const a = ns.addArc(0, 1, 5, 2);
    const b = ns.addArc(1, 2, 5, -1);
    ns.addArc(2, 0, 5, 0);
    ns.solve();
    expect([ns.flowOn(a), ns.flowOn(b)]).toEqual([0, 0]);
  });

  it('costs exactly as much as successive shortest paths (an independent exact method) on random graphs', () => {
    fc.assert(
      fc.property(graphArb, ({ nodes, arcs }) => {
        const ssp = new MinCostFlow(nodes);
        const ids = arcs.map((a) => ssp.addArc(a.from, a.to, a.capacity, a.cost));
        ssp.run(0, nodes - 1);
        const sspCost = arcs.reduce((s, a, i) => s + a.cost * ssp.flowOn(ids[i]), 0);
        const result = networkSimplexCost(nodes, arcs);
        expect(result.cost).toBe(sspCost);
        // feasibility: bounds and conservation
        const balance = new Array<number>(nodes).fill(0);
        arcs.forEach((a, i) => {
          expect(result.flows[i]).toBeGreaterThanOrEqual(0);
          expect(result.flows[i]).toBeLessThanOrEqual(a.capacity);
          balance[a.from] -= result.flows[i];
          balance[a.to] += result.flows[i];
        });
        balance[0] += result.value;
        balance[nodes - 1] -= result.value;
        expect(balance.every((b) => b === 0)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the same flow for the same calls', () => {
    fc.assert(
      fc.property(graphArb, ({ nodes, arcs }) => {
        expect(networkSimplexCost(nodes, arcs).flows).toEqual(networkSimplexCost(nodes, arcs).flows);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses loops, unknown nodes and non-integer costs', () => {
    const ns = new NetworkSimplex(2);
    expect(() => ns.addArc(1, 1, 1, 0)).toThrow(/distinct/);
    expect(() => ns.addArc(0, 2, 1, 0)).toThrow(/distinct/);
    expect(() => ns.addArc(0, 1, 1, 0.5)).toThrow(/safe integers/);
  });
});
