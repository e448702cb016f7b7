/**
 * The printed report: one table per section, ratios against this heartbeat where there are alternatives, and
 * every target with its verdict and figure. Pure: it formats a {@link BenchResult} and reads nothing else.
 */
import type { BenchResult } from './bench-result.ts';
import { timerSourceNames } from './page-api.ts';
import { formatBytes, formatMs, formatRatio, formatShare, formatTable } from './report-table.ts';
import type { SourceTiming } from './timing-analysis.ts';

export function formatReport(result: BenchResult): string {
  const parts = [header(result)];
  if (result.timing) parts.push(timingTables(result.timing.sources, result.plan.timing.spells.map((s) => s.label)));
  if (result.persistence) parts.push(persistenceTable(result));
  if (result.size) parts.push(sizeTable(result));
  parts.push(targetsTable(result));
  return `${parts.join('\n\n')}\n`;
}

/**
 * Whether other work competed for the CPUs: a 1-minute load average above three quarters of the cores at any
 * sample. The bench's own Chromium stays well under that (a fraction of one core), so the rest was someone else.
 */
export function machineWasLoaded(machine: BenchResult['machine']): boolean {
  return Math.max(machine.loadAverageAtStart, machine.loadAverageMax, machine.loadAverageAtEnd) > machine.cpus * 0.75;
}

function header(result: BenchResult): string {
  const { machine } = result;
  const load =
    `load average ${machine.loadAverageAtStart.toFixed(2)} at start, ${machine.loadAverageMax.toFixed(2)} at most, ` +
    `${machine.loadAverageAtEnd.toFixed(2)} at end`;
  const lines = [
    `heartbeat benchmark: ${result.quick ? 'QUICK run (short durations, figures are not a verdict)' : 'full run'}, ${result.startedAt}`,
    `command: ${result.command}`,
    `machine: ${machine.cpus} CPUs, ${load}${machineWasLoaded(machine) ? ' (LOADED: other work shared the CPUs)' : ''}; ` +
      `${machine.chromium || 'no browser started'}; Node ${machine.node}`,
  ];
  return lines.join('\n');
}

function rowsByInterval(sources: readonly SourceTiming[]): { intervalMs: number; reference: SourceTiming | undefined; rows: SourceTiming[] }[] {
  const intervals = [...new Set(sources.map((s) => s.intervalMs))].sort((a, b) => a - b);
  return intervals.map((intervalMs) => {
    const rows = timerSourceNames.flatMap((name) => sources.filter((s) => s.intervalMs === intervalMs && s.source === name));
    return { intervalMs, reference: rows.find((s) => s.source === 'heartbeat'), rows };
  });
}

function timingTables(sources: readonly SourceTiming[], spellLabels: readonly string[]): string {
  const groups = rowsByInterval(sources);
  const visible = groups.flatMap(({ intervalMs, reference, rows }) =>
    rows.map((s) => [
      `${intervalMs} ms`,
      s.source,
      s.visible.count.toString(),
      formatShare(s.visible.delivered.share),
      formatMs(s.visible.p50Ms),
      formatMs(s.visible.p99Ms),
      formatRatio(s.visible.p99Ms, reference?.visible.p99Ms ?? Number.NaN),
      formatMs(s.visible.maxMs),
      formatRatio(s.visible.maxMs, reference?.visible.maxMs ?? Number.NaN),
      formatMs(s.visible.drift.growthMs),
      formatMs(s.visible.drift.slopeMsPer1000Beats),
    ]),
  );
  const hidden = groups.flatMap(({ intervalMs, reference, rows }) =>
    rows.map((s) => [
      `${intervalMs} ms`,
      s.source,
      ...spellLabels.flatMap((label) => {
        const spell = s.hidden.find((h) => h.label === label);
        const ref = reference?.hidden.find((h) => h.label === label);
        return [
          spell ? `${formatShare(spell.share)} (${spell.delivered})` : '–',
          formatRatio(spell?.share ?? Number.NaN, ref?.share ?? Number.NaN),
        ];
      }),
    ]),
  );
  return [
    'TIMING: every source at every interval beat at the same time on one page (concurrently, to keep the run short).',
    'Lateness of the n-th beat = its arrival on the page main thread − (start request + n × interval), ms; n is the',
    "heartbeat's tick, or the callback count for the others (so a lost beat makes every later one an interval late).",
    'Delivered = beats that came ÷ beats due while visible. Growth = median lateness of the last tenth of the visible',
    "beats − that of the first tenth; slope = fitted ms per 1,000 beats. Ratios (×hb) = value ÷ this heartbeat's.",
    '',
    'Visible',
    formatTable(
      ['interval', 'source', 'beats', 'delivered', 'p50', 'p99', 'p99 ×hb', 'max', 'max ×hb', 'growth', 'slope/1k'],
      visible,
    ),
    '',
    'Visible lateness split, for sources that stamp their fire time: timer = fire − ideal, delivery = arrival − fire',
    formatTable(
      ['interval', 'source', 'stamped', 'timer p50', 'timer p99', 'delivery p50', 'delivery p99', 'delivery max'],
      groups.flatMap(({ intervalMs, rows }) =>
        rows.flatMap((s) =>
          s.visibleSplit
            ? [
                [
                  `${intervalMs} ms`,
                  s.source,
                  s.visibleSplit.stamped.toString(),
                  formatMs(s.visibleSplit.timer.p50Ms),
                  formatMs(s.visibleSplit.timer.p99Ms),
                  formatMs(s.visibleSplit.delivery.p50Ms),
                  formatMs(s.visibleSplit.delivery.p99Ms),
                  formatMs(s.visibleSplit.delivery.maxMs),
                ],
              ]
            : [],
        ),
      ),
    ),
    '',
    'Hidden: share of expected beats delivered (beats delivered)',
    formatTable(['interval', 'source', ...spellLabels.flatMap((label) => [label, '×hb'])], hidden),
    '',
    "The heartbeat's own counts over the whole run: missed = beats that passed while its worker could not run",
    '(the tick jumps, the item runs once); skipped = beats on which the previous run was not yet reported finished.',
    ...groups.flatMap(({ intervalMs, reference }) =>
      reference
        ? [`  ${intervalMs} ms: ${reference.counters.missedBeats ?? '–'} missed, ${reference.counters.skippedRuns ?? '–'} skipped`]
        : [],
    ),
  ].join('\n');
}

function persistenceTable(result: BenchResult): string {
  const { summary } = result.persistence!;
  const n = summary.itemCount.toLocaleString('en-US');
  const row = (name: string, f: { medianMs: number; minMs: number; maxMs: number; perItemUs: number }) => [
    name,
    formatMs(f.medianMs),
    formatMs(f.minMs),
    formatMs(f.maxMs),
    f.perItemUs.toFixed(1),
  ];
  const lines = [
    `PERSISTENCE: real IndexedDB in a dedicated worker, through the library's createIdbStore + createPersister +`,
    `loadSaved + engine.restore; ${result.plan.persistence.repetitions} repetitions. No alternative is measured, so no ratios.`,
    formatTable(
      ['measure', 'median ms', 'min ms', 'max ms', 'µs/item'],
      [
        row(`flush of ${n} changed items (1 transaction)`, summary.flush),
        row(`restore of ${n} saved items`, summary.restore),
        row('  of which loadSaved (fresh connection)', summary.load),
        row('  of which engine.restore', summary.engineRestore),
      ],
    ),
    '',
    `Transactions per second, back-to-back flushes against a store of ${n} records`,
    formatTable(
      ['items per transaction', 'transactions/s', 'items/s'],
      summary.throughput.map((t) => [t.batchSize.toString(), t.transactionsPerSecond.toFixed(0), t.itemsPerSecond.toFixed(0)]),
    ),
  ];
  if (summary.errors.length) lines.push('', `persistence-errors during the run (figures suspect): ${summary.errors.join(' | ')}`);
  return lines.join('\n');
}

function sizeTable(result: BenchResult): string {
  const size = result.size!;
  const lines = [
    `SIZE: \`${size.build.command}\` ${size.build.ok ? 'succeeded' : `FAILED (exit ${size.build.exitCode})`} in ${(size.build.durationMs / 1000).toFixed(1)} s.`,
    '"as built" = the emitted file gzipped; "shipped" = the file bundled by Vite with all it imports (Comlink',
    'included), minified, gzipped: what an app serves for it. Budgets apply to "shipped". No alternative: no ratios.',
    formatTable(
      ['file', 'as built', 'as built gz', 'imports left to the app', 'shipped', 'shipped gz', 'budget'],
      size.files.map((f) => [
        f.path,
        f.asBuilt ? formatBytes(f.asBuilt.bytes) : 'MISSING',
        f.asBuilt ? formatBytes(f.asBuilt.gzipBytes) : '–',
        f.asBuilt ? f.asBuilt.bareImports.join(', ') || 'none' : '–',
        f.shipped ? formatBytes(f.shipped.bytes) : '–',
        f.shipped ? formatBytes(f.shipped.gzipBytes) : '–',
        formatBytes(f.budgetBytes),
      ]),
    ),
  ];
  if (!size.build.ok || size.files.some((f) => !f.present)) {
    lines.push('', 'The library build is missing or failed: no size figures. Build output (last lines):', size.build.outputTail);
  }
  return lines.join('\n');
}

function targetsTable(result: BenchResult): string {
  return [
    `TARGETS${result.quick ? ' (quick run: durations shortened, verdicts are indicative only)' : ''}`,
    formatTable(
      ['target', 'limit', 'figure', 'verdict'],
      result.targets.map((t) => [t.name, t.limit, t.figure, t.verdict.toUpperCase()]),
    ),
  ].join('\n');
}
