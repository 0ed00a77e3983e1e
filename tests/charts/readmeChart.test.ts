import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPng } from '../../src/charts/render.js';
import { demoReadmeChart } from '../../src/demo.js';

describe('the chart in the README', () => {
  it('is exactly what okrbot draws for the demo cycle (npm run readme-chart redraws it)', async () => {
    const chart = await demoReadmeChart();
    const png = await renderPng(chart.spec);
    expect(png.data.equals(readFileSync('docs/images/kr-chart.png'))).toBe(true);
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('![Line chart of O1-KR1');
    expect(readme).toContain('](docs/images/kr-chart.png)');
  });
});
