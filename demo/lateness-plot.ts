/**
 * A cheap live plot of beat lateness: two SVG polylines over the last `capacity` beats, redrawn on every push.
 * It draws from the beat itself, never from `requestAnimationFrame` or a timer of its own, because a hidden tab
 * stops the one and throttles the other, and the plot must be current the moment the tab comes back.
 */

/** One beat's lateness in ms; `mainMs` is null when no main-thread run was seen for the beat. */
export interface LatenessSample {
  workerMs: number;
  mainMs: number | null;
}

/** Order statistics of the main-thread lateness in the window (worker lateness where no run was seen). */
export interface LatenessStats {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LatenessPlot {
  push(sample: LatenessSample): void;
  clear(): void;
  stats(): LatenessStats;
}

/** Options of {@link createLatenessPlot}. */
export interface LatenessPlotOptions {
  /** Beats kept and drawn. Default 300. */
  capacity?: number;
  /** The y axis never shrinks below this, so 0–1 ms jitter does not fill the plot. Default 5 ms. */
  minScaleMs?: number;
  /** Shows the y axis top, e.g. "12 ms". Default: nothing shown. */
  scaleLabel?: HTMLElement;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const HEIGHT = 100;

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

/** Draws into `svg` (its viewBox is set here: one unit per beat across, 100 units up). */
export function createLatenessPlot(svg: SVGSVGElement, options: LatenessPlotOptions = {}): LatenessPlot {
  const capacity = options.capacity ?? 300;
  const minScaleMs = options.minScaleMs ?? 5;
  const samples: LatenessSample[] = [];
  svg.setAttribute('viewBox', `0 0 ${capacity - 1} ${HEIGHT}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  const line = (className: string, testId: string) => {
    const polyline = document.createElementNS(SVG_NS, 'polyline');
    polyline.setAttribute('class', className);
    polyline.setAttribute('vector-effect', 'non-scaling-stroke');
    polyline.dataset.testid = testId;
    svg.append(polyline);
    return polyline;
  };
  const workerLine = line('worker', 'timing-plot-worker');
  const mainLine = line('main', 'timing-plot-main');

  function draw(): void {
    let scaleMs = minScaleMs;
    for (const { workerMs, mainMs } of samples) scaleMs = Math.max(scaleMs, workerMs, mainMs ?? 0);
    const y = (ms: number) => (HEIGHT - (Math.max(0, ms) / scaleMs) * HEIGHT).toFixed(1);
    // Newest beat at the right edge, so the plot scrolls left as beats come in.
    const offset = capacity - samples.length;
    const workerPoints: string[] = [];
    const mainPoints: string[] = [];
    samples.forEach(({ workerMs, mainMs }, i) => {
      workerPoints.push(`${offset + i},${y(workerMs)}`);
      if (mainMs !== null) mainPoints.push(`${offset + i},${y(mainMs)}`);
    });
    workerLine.setAttribute('points', workerPoints.join(' '));
    mainLine.setAttribute('points', mainPoints.join(' '));
    if (options.scaleLabel) options.scaleLabel.textContent = `${Math.ceil(scaleMs)} ms`;
  }

  return {
    push(sample) {
      samples.push(sample);
      if (samples.length > capacity) samples.shift();
      draw();
    },
    clear() {
      samples.length = 0;
      draw();
    },
    stats() {
      const sorted = samples.map(({ workerMs, mainMs }) => mainMs ?? workerMs).sort((a, b) => a - b);
      return {
        count: sorted.length,
        p50Ms: percentile(sorted, 0.5),
        p99Ms: percentile(sorted, 0.99),
        maxMs: sorted.at(-1) ?? 0,
      };
    },
  };
}
