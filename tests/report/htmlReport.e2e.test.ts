import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemoWithReport } from '../../src/demo.js';
import { CHROMIUM_ARGS, ensureChromium } from '../helpers/chromium.js';
import { pngStats } from '../helpers/png.js';

/**
 * The report a head of department opens: written by `okrbot demo` (the same code as `okrbot report
 * --html`), opened in a real headless Chromium with the network cut off.
 */

let browser: Browser | null = null;
let missing = '';
let report = '';
let dir = '';
const printed: string[] = [];

beforeAll(async () => {
  ({ dir, report } = await runDemoWithReport({ out: (l) => printed.push(l) }));
  const found = await ensureChromium();
  if ('missing' in found) {
    missing = found.missing;
    console.warn(`\n⚠️  SKIPPING the browser test of the HTML report: ${missing}\n`);
    return;
  }
  browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the HTML report', () => {
  it('is written by the demo, which says where', () => {
    expect(existsSync(report)).toBe(true);
    expect(printed.at(-1)).toBe(
      `Report with charts: ${report} (open it in a browser; the database beside it works with okrbot report --db).`,
    );
    const html = readFileSync(report, 'utf8');
    expect(html).not.toMatch(/<script|https?:\/\/(?!jira\.example\.com)/); // nothing to fetch, nothing to run
  });

  it('opens offline in Chromium with its structure and every chart loaded, and looks like a report', async (ctx) => {
    if (!browser) return skipOrFail(ctx);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.route(/^https?:/, (route) => route.abort()); // no network at view time
    await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });

    expect(await page.locator('h1').textContent()).toBe('OKR report — 2027-Q1');
    expect(await page.locator('section.team h2').allTextContents()).toEqual(['Discovery', 'Platform']);
    const krs = await page.locator('article.kr').count();
    expect(krs).toBe(10);
    expect(await page.locator('#metrics tbody tr').first().textContent()).toContain('Completion rate (graded ≥ 0.7)');
    expect(await page.locator('#O1-KR1 table.weekly tbody tr').count()).toBe(6); // six simulated weeks
    expect(await page.locator('#O1-KR1').textContent()).toContain('What we learned: Discovery was not the bottleneck');
    // One chart per KR and one per team, each decoded by the browser at its full size, with alt text.
    const images = await page.locator('img.chart').evaluateAll((imgs) =>
      (imgs as unknown as Array<{ complete: boolean; naturalWidth: number; alt: string }>).map((i) => ({
        ok: i.complete && i.naturalWidth > 0,
        width: i.naturalWidth,
        alt: i.alt,
      })),
    );
    expect(images).toHaveLength(krs + 2);
    expect(images.every((i) => i.ok && i.width > 900 && i.alt.length > 20)).toBe(true);
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);

    // Saved to a file beside the report, then read back and inspected.
    const saved = join(dir, 'report-screenshot.png');
    await page.screenshot({ path: saved, fullPage: false });
    const shot = pngStats(readFileSync(saved));
    expect({ width: shot.width, height: shot.height }).toEqual({ width: 1200, height: 900 });
    expect(shot.nonWhite).toBeGreaterThan(0.03); // text, tables and a chart: not a blank page
    const full = pngStats(await page.screenshot({ fullPage: true }));
    expect(full.height).toBeGreaterThan(5000); // ten KRs with charts and tables
    await page.close();
  });
});

/** Skips loudly where the dependency cannot be had; on CI (CI set) a missing dependency fails. */
function skipOrFail(ctx: { skip: () => void }): void {
  if (process.env.CI) throw new Error(`CI must run this test: ${missing}`);
  ctx.skip();
}
