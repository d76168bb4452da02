/**
 * `npm run bench -- authorised-reads --compare-with <checkout>`: phases (a)–(c) against this checkout's API
 * and another checkout's (the commit before a change, say), both on the same PostgreSQL, fixtures and
 * tokens, in alternating rounds — A then B, B then A, … — so that whatever else slows the machine down
 * falls on both alike. Prints each figure per round, the medians and B against A.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ReadPhaseSummary, ReadsPlan, ReadsResult } from './protocol';

export interface ComparedApi {
  /** `A` (this checkout) or `B` (the other), with the checkout it runs. */
  label: string;
  checkout: string;
  baseUrl: string;
  pid: number;
}

type ReadPhases = Pick<ReadsResult['phases'], 'hello' | 'proposal' | 'listProgrammeManager' | 'listOfficer'>;

const FIGURES: Array<[string, (p: ReadPhases) => number]> = [
  ['hello world (req/s)', (p) => p.hello.throughput],
  ['GET /proposals/{id} (req/s)', (p) => p.proposal.throughput],
  ['GET /proposals/{id} (% of hello world)', (p) => (100 * p.proposal.throughput) / p.hello.throughput],
  ['list, programme managers (req/s)', (p) => p.listProgrammeManager.throughput],
  [
    'list, programme managers (% of hello world)',
    (p) => (100 * p.listProgrammeManager.throughput) / p.hello.throughput,
  ],
  ['list, agency officers (req/s)', (p) => p.listOfficer.throughput],
  ['list, agency officers (% of hello world)', (p) => (100 * p.listOfficer.throughput) / p.hello.throughput],
  ['API CPU per GET /proposals/{id} (ms)', (p) => p.proposal.cpuMs.api / p.proposal.count],
  [
    'API CPU per list page, programme managers (ms)',
    (p) => p.listProgrammeManager.cpuMs.api / p.listProgrammeManager.count,
  ],
  ['API CPU per list page, agency officers (ms)', (p) => p.listOfficer.cpuMs.api / p.listOfficer.count],
  ['database transactions per GET /proposals/{id}', (p) => p.proposal.dbTransactions / p.proposal.count],
  ['database transactions per list page', (p) => p.listProgrammeManager.dbTransactions / p.listProgrammeManager.count],
];

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `rounds` rounds; `runLoad` runs the load generator on a plan file and resolves when it is done.
 * Returns the report's lines and whether every answer under load was 200.
 */
export async function compareReads(input: {
  apis: [ComparedApi, ComparedApi];
  plan: Omit<ReadsPlan, 'baseUrl' | 'serverPid'>;
  rounds: number;
  workDir: string;
  writePlan: (file: string, plan: ReadsPlan) => void;
  runLoad: (planPath: string, resultPath: string) => Promise<void>;
  log: (line: string) => void;
}): Promise<{ lines: string[]; pass: boolean }> {
  const runs = new Map<string, ReadPhases[]>(input.apis.map((api) => [api.label, []]));
  let refused = 0;
  for (let round = 1; round <= input.rounds; round += 1) {
    const order = round % 2 === 1 ? input.apis : [input.apis[1], input.apis[0]];
    for (const api of order) {
      input.log(`round ${round} of ${input.rounds}: ${api.label} (${api.checkout})`);
      const planPath = path.join(input.workDir, `plan-${api.label}-${round}.json`);
      const resultPath = path.join(input.workDir, `result-${api.label}-${round}.json`);
      input.writePlan(planPath, { ...input.plan, baseUrl: api.baseUrl, serverPid: api.pid, readsOnly: true });
      await input.runLoad(planPath, resultPath);
      const { phases } = JSON.parse(readFileSync(resultPath, 'utf8')) as { phases: ReadPhases };
      const all: ReadPhaseSummary[] = [phases.hello, phases.proposal, phases.listProgrammeManager, phases.listOfficer];
      refused += all.reduce((n, s) => n + (s.count - s.ok), 0);
      runs.get(api.label)!.push(phases);
    }
  }
  const [a, b] = input.apis;
  const fmt = (n: number): string => (Math.abs(n) >= 100 ? n.toFixed(1) : n.toFixed(2));
  const lines = [
    `comparison over ${input.rounds} rounds (A then B in odd rounds, B then A in even ones):`,
    `  A = ${a.checkout}`,
    `  B = ${b.checkout}`,
    '',
    `  ${'figure'.padEnd(48)} ${'A per round'.padEnd(34)} ${'B per round'.padEnd(34)} median A   median B   B / A`,
    ...FIGURES.map(([name, figure]) => {
      const av = runs.get(a.label)!.map(figure);
      const bv = runs.get(b.label)!.map(figure);
      const [ma, mb] = [median(av), median(bv)];
      return (
        `  ${name.padEnd(48)} ${av.map(fmt).join(', ').padEnd(34)} ${bv.map(fmt).join(', ').padEnd(34)} ` +
        `${fmt(ma).padEnd(10)} ${fmt(mb).padEnd(10)} ${(mb / ma).toFixed(3)}`
      );
    }),
    '',
    `  every answer under load 200: ${refused === 0 ? 'PASS' : `FAIL (${refused} refused)`}`,
  ];
  return { lines, pass: refused === 0 };
}
