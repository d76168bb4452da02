/**
 * SPEC §7 P2, reviewer assignment at conference scale: 10 000 proposals × 3 reviewers over 6 000
 * evaluators, K = 50, solved through the API's worker-thread runner (off the event loop) — wall time,
 * peak RSS, coverage, diversity, affinity, against the targets (≤ 30 s, ≤ 1 GiB) — its result checked
 * independently against V1–V4; then a medium instance (all pairs) solved by our solver and by an exact
 * LP reference (HiGHS, WebAssembly), whose lexicographic optima must agree. A missed target is printed
 * as MISS; only a failed check returns false.
 */
import * as os from 'node:os';
import { buildCandidates, solveAssignment, type AssignmentProgress, type AssignmentResult } from '@app/domain';
import { runAssignmentSolver } from '../../apps/worker/src/assignment-solver/assignment-solver.runner';
import { solveWithHighs } from './highs-reference';
import { referenceGraph, verifyResult, type Figures, type ReferenceGraph } from './independent-check';
import { benchOptions, generateInstance, type GeneratedInstance } from './instance-generator';

const TARGET_WALL_MS = 30_000;
const TARGET_RSS_BYTES = 1024 ** 3;
const RSS_SAMPLE_MS = 50;
const MIB = 1024 ** 2;

const log = (line: string): void => void process.stdout.write(`[assignment] ${line}\n`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number): string => `${(bytes / MIB).toFixed(0)} MiB`;
const verdict = (ok: boolean): string => (ok ? 'OK' : 'MISS');
const triple = (f: Figures): string =>
  `coverage ${f.coverage}, same-country pairs ${f.sameCountryPairs}, total affinity ${f.totalAffinity}`;

export interface AssignmentBenchOptions {
  proposals: number;
  evaluators: number;
  k: number;
  seed: number;
  mediumProposals: number;
  mediumEvaluators: number;
}

const FLAGS: Record<string, keyof AssignmentBenchOptions> = {
  '--proposals': 'proposals',
  '--evaluators': 'evaluators',
  '--k': 'k',
  '--seed': 'seed',
  '--medium-proposals': 'mediumProposals',
  '--medium-evaluators': 'mediumEvaluators',
};

export function parseAssignmentOptions(args: string[]): AssignmentBenchOptions {
  const options: AssignmentBenchOptions = {
    proposals: 10_000,
    evaluators: 6_000,
    k: 50,
    seed: 20_260_601,
    mediumProposals: 300,
    mediumEvaluators: 150,
  };
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] = args[i].split('=', 2);
    const key = FLAGS[flag];
    if (!key) throw new Error(`assignment: unknown option ${flag} (known: ${Object.keys(FLAGS).join(', ')})`);
    const value = inline ?? args[(i += 1)];
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < (key === 'seed' ? 0 : 1))
      throw new Error(`assignment: ${flag} needs a positive integer (got ${String(value)})`);
    options[key] = n;
  }
  return options;
}

function describeInstance(name: string, instance: GeneratedInstance, graph: ReferenceGraph, k: number): void {
  const s = instance.stats;
  const arcs = graph.candidates.reduce((n, list) => n + list.length, 0);
  log(
    `${name}: ${instance.proposals.length} proposals × 3 reviewers over ` +
      `${instance.evaluators.length} evaluators, K = ${k} ` +
      `(${arcs} candidate arcs); ${s.vocabulary} terms in ${s.fields} fields, ` +
      `${s.countries} countries, ${s.regions} regions, ` +
      `${s.organisations} organisations, ${s.declaredConflicts} declared conflicts, capacity ${s.capacity} ` +
      `(${(s.capacity / (3 * instance.proposals.length)).toFixed(2)} × required)`,
  );
}

function printResult(result: AssignmentResult, required: number): void {
  const reasons = new Map<string, number>();
  for (const u of result.uncovered) reasons.set(u.reason, (reasons.get(u.reason) ?? 0) + 1);
  const byReason = [...reasons].map(([reason, n]) => `${reason} ${n}`).join(', ') || 'none';
  log(
    `coverage: ${result.assignedCount} / ${required} pairs (` +
      `${((100 * result.assignedCount) / required).toFixed(2)} %); ` +
      `uncovered proposals: ${result.uncovered.length} (${byReason})`,
  );
  log(`diversity: ${result.sameCountryPairs} same-country pairs`);
  log(
    `affinity: total ${result.totalAffinity}, mean ` +
      `${(result.totalAffinity / Math.max(1, result.assignedCount)).toFixed(2)} per pair`,
  );
}

/** P2: the big instance through the worker-thread runner, RSS sampled meanwhile. */
async function runBig(options: AssignmentBenchOptions): Promise<boolean> {
  const generated = performance.now();
  const instance = generateInstance({
    proposals: options.proposals,
    evaluators: options.evaluators,
    seed: options.seed,
  });
  const generateMs = performance.now() - generated;
  const solverOptions = benchOptions(options.k);
  const required = solverOptions.reviewersPerProposal * instance.proposals.length;

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  let lastSample = performance.now();
  let longestPause = 0;
  const sampler = setInterval(() => {
    const now = performance.now();
    longestPause = Math.max(longestPause, now - lastSample - RSS_SAMPLE_MS);
    lastSample = now;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, RSS_SAMPLE_MS);

  const started = performance.now();
  const phaseStart = new Map<string, number>();
  let lastPrinted = 0;
  const onProgress = (progress: AssignmentProgress): void => {
    const at = performance.now() - started;
    if (!phaseStart.has(progress.phase)) phaseStart.set(progress.phase, at);
    if (at - lastPrinted >= 2_000) {
      lastPrinted = at;
      log(`  … ${progress.phase} ${progress.done}/${progress.total} at ${seconds(at)}`);
    }
  };
  let result: AssignmentResult;
  try {
    result = await runAssignmentSolver(
      { proposals: instance.proposals, evaluators: instance.evaluators, options: solverOptions },
      { onProgress },
    );
  } finally {
    clearInterval(sampler);
  }
  const wallMs = performance.now() - started;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const checked = performance.now();
  const graph = referenceGraph(instance.proposals, instance.evaluators, solverOptions);
  const { violations } = verifyResult(graph, solverOptions, result);
  const checkMs = performance.now() - checked;

  describeInstance('P2 instance', instance, graph, options.k);
  log(`generated in ${seconds(generateMs)} (seed ${options.seed})`);
  const candidatesAt = phaseStart.get('candidates');
  const solvingAt = phaseStart.get('solving');
  const doneAt = phaseStart.get('done');
  const phases = [
    candidatesAt !== undefined ? `thread start ${seconds(candidatesAt)}` : undefined,
    candidatesAt !== undefined && solvingAt !== undefined
      ? `candidates ${seconds(solvingAt - candidatesAt)}`
      : undefined,
    solvingAt !== undefined && doneAt !== undefined ? `solving ${seconds(doneAt - solvingAt)}` : undefined,
  ].filter(Boolean);
  log(
    'wall time (thread start + candidate build + solve, through the runner): ' +
      `${seconds(wallMs)}${phases.length ? ` (${phases.join(', ')}, from progress messages)` : ''} — ` +
      `target ≤ ${seconds(TARGET_WALL_MS)}: ${verdict(wallMs <= TARGET_WALL_MS)}`,
  );
  log(
    `memory: RSS before ${mib(rssBefore)}, peak ${mib(peakRss)} (+` +
      `${mib(peakRss - rssBefore)}; sampled every ${RSS_SAMPLE_MS} ms, whole process) — ` +
      `target ≤ ${mib(TARGET_RSS_BYTES)}: ${verdict(peakRss <= TARGET_RSS_BYTES)}`,
  );
  log(
    `event loop during the solve: longest pause ${longestPause.toFixed(0)} ms ` +
      `beyond the ${RSS_SAMPLE_MS} ms sampling interval`,
  );
  printResult(result, required);
  if (violations.length) {
    log(`VERIFICATION FAILED (${checkMs.toFixed(0)} ms, independent V1–V4 check):`);
    for (const v of violations) log(`  ${v}`);
    return false;
  }
  log(
    `verified independently in ${seconds(checkMs)}: pairs among the best-K non-conflicted candidates (V2, ` +
      'V4 affinities), loads ≤ maxLoad (V3), ≤ 3 per proposal (V1), figures and uncovered reasons as reported',
  );
  return true;
}

function sameCandidates(graph: ReferenceGraph, instance: GeneratedInstance, k: number): string | undefined {
  const ours = buildCandidates(instance.proposals, instance.evaluators, benchOptions(k));
  for (let p = 0; p < graph.proposals.length; p += 1) {
    const mine = graph.candidates[p].map((c) => `${graph.evaluators[c.evaluator].id}:${c.affinity}`).join(',');
    const theirs = ours[p].candidates.map((c) => `${c.evaluatorId}:${c.affinity}`).join(',');
    if (ours[p].proposalId !== graph.proposals[p].id || mine !== theirs) return graph.proposals[p].id;
  }
  return undefined;
}

interface MediumVariant {
  name: string;
  proposals: number;
  evaluators: number;
  countries?: number;
}

/** Medium instance, all pairs (K = evaluators): our solver in-process against the HiGHS lexicographic LP. */
async function runMedium(seed: number, variant: MediumVariant): Promise<boolean> {
  const k = variant.evaluators;
  const instance = generateInstance({
    proposals: variant.proposals,
    evaluators: variant.evaluators,
    seed,
    countries: variant.countries,
  });
  const solverOptions = benchOptions(k);
  const graph = referenceGraph(instance.proposals, instance.evaluators, solverOptions);
  describeInstance(variant.name, instance, graph, k);

  const started = performance.now();
  const result = solveAssignment(instance.proposals, instance.evaluators, solverOptions);
  const oursMs = performance.now() - started;
  let ok = true;
  const { violations, figures } = verifyResult(graph, solverOptions, result);
  if (violations.length) {
    log('our result FAILED the independent V1–V4 check:');
    for (const v of violations) log(`  ${v}`);
    ok = false;
  }
  const differing = sameCandidates(graph, instance, k);
  if (differing) {
    log(`candidate graphs differ (buildCandidates against the independent reading of V2/V4), first at ${differing}`);
    ok = false;
  }

  const reference = await solveWithHighs(graph, solverOptions);
  printResult(result, 3 * instance.proposals.length);
  log(`ours  (our solver, in-process, candidates included): ${triple(figures)} in ${oursMs.toFixed(0)} ms`);
  log(
    `HiGHS (3 lexicographic LPs, ${reference.columns} columns × ${reference.rows} rows, ` +
      `simplex): ${triple(reference.figures)} in ${reference.solveMs.toFixed(0)} ms ` +
      `(+ ${reference.loadMs.toFixed(0)} ms loading WebAssembly); ` +
      `final primal ${reference.integralPrimal ? 'integral' : 'NOT integral'}`,
  );
  log(`ratio HiGHS time / our time: ${(reference.solveMs / oursMs).toFixed(1)}`);
  for (const problem of reference.problems) log(`HiGHS: ${problem}`);
  if (reference.problems.length) ok = false;
  const agree =
    figures.coverage === reference.figures.coverage &&
    figures.sameCountryPairs === reference.figures.sameCountryPairs &&
    figures.totalAffinity === reference.figures.totalAffinity;
  log(agree ? 'lexicographic optima agree' : 'lexicographic optima DIFFER: our solver is not optimal on this instance');
  return ok && agree;
}

export async function runAssignment(args: string[]): Promise<boolean> {
  const options = parseAssignmentOptions(args);
  const cpus = os.cpus();
  log(
    `machine: ${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ` +
      `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, node ${process.version}, ${os.platform()} ${os.arch()}`,
  );
  const big = await runBig(options);
  const medium = await runMedium(options.seed, {
    name: 'medium instance',
    proposals: options.mediumProposals,
    evaluators: options.mediumEvaluators,
  });
  // The same generator with 4 countries and a third fewer evaluators: capacity below the demand and
  // few countries, so that coverage and diversity bind and all three objectives are compared.
  const tight = await runMedium(options.seed, {
    name: 'tight medium instance',
    proposals: options.mediumProposals,
    evaluators: Math.max(1, Math.round((2 * options.mediumEvaluators) / 3)),
    countries: 4,
  });
  return big && medium && tight;
}
