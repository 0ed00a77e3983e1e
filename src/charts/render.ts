import { Worker } from 'node:worker_threads';
import type { VegaLiteSpec } from './specs.js';

/**
 * Vega-Lite → SVG (vega's headless renderer, no browser, no canvas) → PNG (resvg, a Rust
 * rasteriser shipped as a prebuilt binary package), in a worker thread (renderWorker.mjs) so the
 * 0.2–0.3 s a chart takes never holds up Slack's requests. Text is drawn with the DejaVu Sans files
 * from the dejavu-fonts-ttf package, never the machine's fonts, so the same data gives the same
 * bytes on every machine. The worker starts with the first chart and does not keep a process alive.
 */

/** Slack shows previews about 360–500 px wide; twice that keeps the text sharp on any screen. */
const SCALE = 2;

export interface Png {
  data: Buffer;
  width: number;
  height: number;
}

type Answer = { id: number; svg?: string; png?: { data: Uint8Array; width: number; height: number }; error?: string };

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();

function renderer(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./renderWorker.mjs', import.meta.url));
  w.unref();
  w.on('message', (a: Answer) => {
    const p = pending.get(a.id);
    pending.delete(a.id);
    if (a.error) p?.reject(new Error(`chart rendering failed: ${a.error}`));
    else p?.resolve(a);
    if (pending.size === 0) w.unref();
  });
  // A crashed worker fails what it was drawing; the next chart starts a new one.
  const fail = (e: Error) => {
    if (worker === w) worker = null;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`chart renderer exited (${code})`)));
  worker = w;
  return w;
}

function ask(spec: VegaLiteSpec, format: 'svg' | 'png'): Promise<Answer> {
  const w = renderer();
  const id = ++nextId;
  // Keep the process alive while a chart is being drawn (the CLI's report waits for it).
  w.ref();
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.postMessage({ id, spec, format, scale: SCALE });
  });
}

export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  return (await ask(spec, 'svg')).svg!;
}

export async function renderPng(spec: VegaLiteSpec): Promise<Png> {
  const { png } = await ask(spec, 'png');
  return { data: Buffer.from(png!.data), width: png!.width, height: png!.height };
}
