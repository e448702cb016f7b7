/**
 * Command-line options of `npm run bench`, and the durations each mode uses. Pure: `parseBenchArgs` only reads
 * the argument list it is given.
 */
import { defaultBenchPort } from './bench-vite-config.ts';

/** The three parts of the benchmark. */
export type BenchSection = 'timing' | 'persistence' | 'size';

export const benchSections: readonly BenchSection[] = ['timing', 'persistence', 'size'];

/** One planned hidden spell of the page. */
export interface SpellPlan {
  label: string;
  hiddenMs: number;
}

export interface BenchOptions {
  /** `--quick`: short durations for development; its figures are not a verdict on the targets. Default false. */
  quick: boolean;
  /** `--port N`: the bench page's dev-server port. Default 4185. */
  port: number;
  /** `--only timing,size`: the sections to run. Default all three. */
  sections: BenchSection[];
  timing: {
    intervalsMs: number[];
    /** Visible beating before the first spell; long enough for 1,200 beats at the slowest interval. */
    visibleMs: number;
    spells: SpellPlan[];
    /** Visible time between two spells, so each spell starts from a visible page as a fresh one would. */
    gapMs: number;
  };
  persistence: { itemCount: number; repetitions: number; throughputBatchSizes: number[]; throughputDurationMs: number };
}

/** The full run's plan: about four minutes of timing. */
export function fullPlan(): Pick<BenchOptions, 'timing' | 'persistence'> {
  return {
    timing: {
      intervalsMs: [10, 50, 100],
      visibleMs: 123_000,
      spells: [
        { label: 'hidden 10 s', hiddenMs: 10_000 },
        { label: 'hidden 75 s', hiddenMs: 75_000 },
      ],
      gapMs: 3_000,
    },
    persistence: { itemCount: 10_000, repetitions: 5, throughputBatchSizes: [1, 100], throughputDurationMs: 3_000 },
  };
}

/** `--quick`: the same measurements over seconds, for development. */
export function quickPlan(): Pick<BenchOptions, 'timing' | 'persistence'> {
  return {
    timing: {
      intervalsMs: [10, 50, 100],
      visibleMs: 5_000,
      spells: [
        { label: 'hidden 2 s', hiddenMs: 2_000 },
        { label: 'hidden 4 s', hiddenMs: 4_000 },
      ],
      gapMs: 1_000,
    },
    persistence: { itemCount: 10_000, repetitions: 2, throughputBatchSizes: [1, 100], throughputDurationMs: 500 },
  };
}

/** Parses `argv` (without node and the script). Throws an `Error` naming the bad argument and quoting it. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let quick = false;
  let port = defaultBenchPort;
  let sections = [...benchSections];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new Error(`Expected a value after \`${flag}\``);
      return next;
    };
    if (flag === '--quick') quick = true;
    else if (flag === '--port') {
      const text = value();
      port = Number(text);
      if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`Expected \`--port\` to be a port number, got "${text}"`);
    } else if (flag === '--only') {
      const text = value();
      const names = text.split(',').filter((name) => name !== '');
      const unknown = names.filter((name) => !benchSections.includes(name as BenchSection));
      if (names.length === 0 || unknown.length > 0) {
        throw new Error(`Expected \`--only\` to list sections from ${benchSections.join(', ')}, got "${text}"`);
      }
      sections = benchSections.filter((section) => names.includes(section));
    } else throw new Error(`Unknown argument "${arg}" (known: --quick, --port N, --only ${benchSections.join(',')})`);
  }
  return { quick, port, sections, ...(quick ? quickPlan() : fullPlan()) };
}
