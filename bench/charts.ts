import { monitorEventLoopDelay } from 'node:perf_hooks';
import { renderPng } from '../src/charts/render.js';
import { heatStripSpec, krChartSpec, mixBarSpec, type VegaLiteSpec } from '../src/charts/specs.js';
import { MAX_CHART_ROWS } from '../src/services/charts.js';
import { saveResults, table } from './lib.js';

/**
 * Drawing charts: the first chart in a process (loads Vega and resvg), then the median of each kind
 * at the largest sizes okrbot draws — a KR with 13 weeks, a team strip and the roll-up bars at
 * their cap (MAX_CHART_ROWS rows: bigger teams and roll-ups show their first rows). Drawing runs on the event loop, between Slack requests.
 */

const weeks = 13;
const conf = (i: number) => (i % 3) as 0 | 1 | 2;

const kinds: Record<string, (i: number) => VegaLiteSpec> = {
  'KR chart (13 weeks)': (i) =>
    krChartSpec({
      key: 'O1-KR1',
      title: `Cut p95 latency ${i}`,
      unit: 'ms',
      baseline: 900,
      target: 400,
      weeks,
      midWeek: 7,
      points: Array.from({ length: weeks }, (_, w) => ({
        week: w + 1,
        value: 900 - w * 30 - i,
        confidence: conf(w + i),
      })),
    }),
  [`team heat strip (${MAX_CHART_ROWS} KRs × 13 weeks)`]: (i) =>
    heatStripSpec({
      title: `Team ${i}`,
      subtitle: 'confidence',
      weeks,
      midWeek: 7,
      rows: Array.from({ length: MAX_CHART_ROWS }, (_, k) => ({
        label: `O${k}-KR1`,
        cells: Array.from({ length: weeks }, (_, w) => ({ week: w + 1, confidence: conf(w + k + i) })),
      })),
    }),
  [`roll-up bars (${MAX_CHART_ROWS} teams)`]: (i) =>
    mixBarSpec({
      title: `Week ${i}`,
      subtitle: 'mix',
      rows: Array.from({ length: MAX_CHART_ROWS }, (_, t) => ({
        label: `Team ${t}`,
        counts: { 0: t % 5, 1: (t + i) % 7, 2: 10, none: t % 3 },
      })),
    }),
};

export async function runChartsBench() {
  const t = performance.now();
  await renderPng(kinds['KR chart (13 weeks)']!(0));
  const firstMs = performance.now() - t;
  const rows: Array<Record<string, string>> = [
    { chart: 'first chart in a process (loads the libraries)', median: `${firstMs.toFixed(0)} ms`, size: '' },
  ];
  const medians: Record<string, number> = {};
  for (const [name, spec] of Object.entries(kinds)) {
    const times: number[] = [];
    let size = '';
    for (let i = 1; i <= 7; i++) {
      const s = performance.now();
      const png = await renderPng(spec(i));
      times.push(performance.now() - s);
      size = `${png.width}×${png.height}, ${Math.round(png.data.length / 1024)} KiB`;
    }
    medians[name] = times.sort((a, b) => a - b)[3]!;
    rows.push({ chart: name, median: `${medians[name]!.toFixed(0)} ms`, size });
  }
  // What Slack's requests feel meanwhile: the main thread's event-loop delay while charts are drawn.
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  await Promise.all(Array.from({ length: 5 }, async (_, i) => renderPng(kinds['KR chart (13 weeks)']!(i))));
  delay.disable();
  const loopDelayMaxMs = delay.max / 1e6;
  rows.push({
    chart: 'event-loop delay, worst, while drawing 5 charts',
    median: `${loopDelayMaxMs.toFixed(0)} ms`,
    size: '',
  });
  table('Charts: time to draw a PNG', rows);
  const result = { firstMs, medians, loopDelayMaxMs };
  saveResults('charts', result);
  return result;
}
