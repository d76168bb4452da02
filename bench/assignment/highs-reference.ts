/**
 * An exact reference for the assignment's lexicographic optimum (SPEC §5 V4), independent of our flow
 * solver: three linear programmes solved by HiGHS (the LP solver, compiled to WebAssembly; npm `highs`).
 *
 * Variables: x[p,e] ∈ [0,1] for each candidate pair; for each (proposal p, country c) with n candidates
 * of c, slots y[p,c,j] ∈ [0,1], j = 0 … min(r, n) − 1, with Σ_j y[p,c,j] = Σ_{e of c} x[p,e]; slot j
 * costs j same-country pairs (the j-th extra evaluator of a country adds j pairs), so with the slots
 * filled in order — which minimising does — Σ j·y = Σ c(c−1)/2. Rows: per evaluator Σ_p x ≤ maxLoad, per
 * (p,c) group Σ x − Σ y = 0, per proposal Σ y ≤ r (so every column meets two rows: a network matrix,
 * totally unimodular). LP 1 maximises Σ x; LP 2 keeps Σ x ≥ its optimum and minimises Σ j·y; LP 3
 * keeps both and maximises Σ affinity·x. Each added row bounds the previous objective by its optimum,
 * so the feasible set is the previous optimal face of an integral polytope — integral too, and every
 * optimum is an integer (checked within 1e-6).
 */
import loadHighs, { type Highs } from 'highs';
import type { AssignmentOptions } from '@app/domain';
import type { Figures, ReferenceGraph } from './independent-check';

export interface HighsOutcome {
  figures: Figures;
  /** Loading the WebAssembly module, not part of `solveMs`. */
  loadMs: number;
  /** Building the model and the three solves. */
  solveMs: number;
  columns: number;
  rows: number;
  /** Whether the final primal solution is integral (a vertex, as simplex returns). */
  integralPrimal: boolean;
  problems: string[];
}

let loaded: Promise<Highs> | undefined;

function integral(value: number, what: string, problems: string[]): number {
  const rounded = Math.round(value);
  if (Math.abs(value - rounded) > 1e-6) problems.push(`${what}: objective ${value} is not integral within 1e-6`);
  return rounded;
}

export async function solveWithHighs(graph: ReferenceGraph, options: AssignmentOptions): Promise<HighsOutcome> {
  const loadStart = performance.now();
  loaded ??= loadHighs();
  const highs = await loaded;
  const loadMs = performance.now() - loadStart;
  const started = performance.now();
  const r = options.reviewersPerProposal;

  // Columns: all x first, then all y. Rows: evaluators, then groups, then proposals.
  const E = graph.evaluators.length;
  const xs: Array<{ p: number; e: number; affinity: number; group: number }> = [];
  const ys: Array<{ p: number; group: number; slot: number }> = [];
  let groups = 0;
  graph.candidates.forEach((list, p) => {
    const first = groups;
    const localGroup = new Map<string, number>();
    const sizes: number[] = [];
    for (const c of list) {
      const country = graph.evaluators[c.evaluator].country;
      let local = localGroup.get(country);
      if (local === undefined) {
        local = sizes.length;
        localGroup.set(country, local);
        sizes.push(0);
      }
      sizes[local] += 1;
      xs.push({ p, e: c.evaluator, affinity: c.affinity, group: first + local });
    }
    sizes.forEach((n, local) => {
      for (let slot = 0; slot < Math.min(r, n); slot += 1) ys.push({ p, group: first + local, slot });
    });
    groups += sizes.length;
  });
  const P = graph.candidates.length;
  const numCols = xs.length + ys.length;
  const numRows = E + groups + P;
  const groupRow = (g: number): number => E + g;
  const proposalRow = (p: number): number => E + groups + p;
  const starts = new Int32Array(numCols + 1);
  const indices = new Int32Array(2 * numCols);
  const values = new Float64Array(2 * numCols);
  let k = 0;
  xs.forEach((x, j) => {
    starts[j] = k;
    indices[k] = x.e; // evaluator rows come first, so rows within the column increase
    values[k++] = 1;
    indices[k] = groupRow(x.group);
    values[k++] = 1;
  });
  ys.forEach((y, i) => {
    starts[xs.length + i] = k;
    indices[k] = groupRow(y.group);
    values[k++] = -1;
    indices[k] = proposalRow(y.p);
    values[k++] = 1;
  });
  starts[numCols] = k;
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  graph.evaluators.forEach((e, i) => {
    rowLower[i] = -highs.infinity;
    rowUpper[i] = e.maxLoad;
  });
  for (let p = 0; p < P; p += 1) {
    rowLower[proposalRow(p)] = -highs.infinity;
    rowUpper[proposalRow(p)] = r;
  }
  const colCost = new Float64Array(numCols);
  for (let j = 0; j < xs.length; j += 1) colCost[j] = 1;
  const allColumns = { kind: 'range', from: 0, to: numCols - 1 } as const;
  const xIndices = Int32Array.from(xs, (_, j) => j);
  const slotColumns = ys.flatMap((y, i) => (y.slot > 0 ? [i] : []));

  const problems: string[] = [];
  const model = highs.createModel({
    numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost,
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    rowLower,
    rowUpper,
    matrix: { format: 'csc', numRows, numCols, starts, indices, values },
  });
  try {
    model.options.set({ output_flag: false, solver: 'simplex' });
    const solve = (what: string): number => {
      model.run();
      const status = model.getModelStatus();
      if (status !== highs.constants.modelStatus.optimal) problems.push(`${what}: HiGHS status ${status}`);
      return integral(model.getObjectiveValue(), what, problems);
    };
    const coverage = solve('LP 1 (coverage)');

    model.addRow(coverage, highs.infinity, { indices: xIndices, values: new Float64Array(xs.length).fill(1) });
    const sameCountryCost = new Float64Array(numCols);
    ys.forEach((y, i) => (sameCountryCost[xs.length + i] = y.slot));
    model.changeColsCost(allColumns, sameCountryCost);
    model.changeObjectiveSense(highs.constants.objectiveSense.minimize);
    const sameCountryPairs = solve('LP 2 (same-country pairs)');

    model.addRow(-highs.infinity, sameCountryPairs, {
      indices: Int32Array.from(slotColumns, (i) => xs.length + i),
      values: Float64Array.from(slotColumns, (i) => ys[i].slot),
    });
    const affinityCost = new Float64Array(numCols);
    xs.forEach((x, j) => (affinityCost[j] = x.affinity));
    model.changeColsCost(allColumns, affinityCost);
    model.changeObjectiveSense(highs.constants.objectiveSense.maximize);
    const totalAffinity = solve('LP 3 (affinity)');

    const primal = model.getSolution().colValue;
    let integralPrimal = true;
    for (let j = 0; j < numCols && integralPrimal; j += 1)
      integralPrimal = Math.abs(primal[j] - Math.round(primal[j])) <= 1e-6;
    return {
      figures: { coverage, sameCountryPairs, totalAffinity },
      loadMs,
      solveMs: performance.now() - started,
      columns: numCols,
      rows: numRows,
      integralPrimal,
      problems,
    };
  } finally {
    model.dispose();
  }
}
