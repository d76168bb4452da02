/**
 * `npm run bench -- [name ...] [options]`: runs the named benchmarks (all when none is named), one
 * after the other; options go to each of them. Exits non-zero when a benchmark fails — a failed
 * correctness check or a crash; missed speed targets are printed, not failures.
 */
import { runAllocation } from './allocation/allocation.bench';
import { runAssignment } from './assignment/assignment.bench';
import { runAuthorisedReads } from './authorised-reads/authorised-reads.bench';
import { runDeadlineRush } from './deadline-rush/deadline-rush.bench';
import { runMonitoring } from './monitoring/monitoring.bench';

const BENCHMARKS: Record<string, (args: string[]) => Promise<boolean>> = {
  'deadline-rush': runDeadlineRush,
  assignment: runAssignment,
  allocation: runAllocation,
  monitoring: runMonitoring,
  'authorised-reads': runAuthorisedReads,
};

async function main(argv: string[]): Promise<number> {
  const names: string[] = [];
  const options: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i].startsWith('--')) {
      options.push(argv[i]);
      if (!argv[i].includes('=') && i + 1 < argv.length && !argv[i + 1].startsWith('--')) options.push(argv[(i += 1)]);
    } else {
      names.push(argv[i]);
    }
  }
  const unknown = names.filter((name) => !(name in BENCHMARKS));
  if (unknown.length) {
    process.stderr.write(
      `bench: unknown benchmark(s) ${unknown.join(', ')}; available: ${Object.keys(BENCHMARKS).join(', ')}\n`,
    );
    return 2;
  }
  const failed: string[] = [];
  for (const name of names.length ? names : Object.keys(BENCHMARKS)) {
    process.stdout.write(`\n=== bench ${name} ===\n`);
    try {
      if (!(await BENCHMARKS[name](options))) failed.push(name);
    } catch (error) {
      process.stderr.write(
        `bench ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      failed.push(name);
    }
  }
  process.stdout.write(failed.length ? `\nbench: FAILED ${failed.join(', ')}\n` : '\nbench: done\n');
  return failed.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
