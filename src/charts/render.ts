import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { VegaLiteSpec } from './specs.js';

/**
 * Vega-Lite → SVG (vega's headless renderer, no browser, no canvas) → PNG (resvg, a Rust
 * rasteriser shipped as a prebuilt binary package). Text is drawn with the DejaVu Sans files from
 * the dejavu-fonts-ttf package, never the machine's fonts, so the same data gives the same bytes
 * on every machine. Both libraries load lazily: commands that draw nothing never pay for them.
 */

/** Slack shows previews about 360–500 px wide; twice that keeps the text sharp on any screen. */
const SCALE = 2;

let fontFiles: string[] | undefined;
function fonts(): string[] {
  if (!fontFiles) {
    const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fontFiles = [join(dir, 'DejaVuSans.ttf'), join(dir, 'DejaVuSans-Bold.ttf')];
  }
  return fontFiles;
}

export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const [vegaLite, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const compiled = vegaLite.compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface Png {
  data: Buffer;
  width: number;
  height: number;
}

export async function renderPng(spec: VegaLiteSpec): Promise<Png> {
  const svg = await renderSvg(spec);
  const { Resvg } = await import('@resvg/resvg-js');
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: SCALE },
    font: { loadSystemFonts: false, fontFiles: fonts(), defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    background: '#ffffff',
  }).render();
  return { data: Buffer.from(image.asPng()), width: image.width, height: image.height };
}
