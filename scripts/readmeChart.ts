// Redraws the chart the README shows (docs/images/kr-chart.png) from the demo's simulated cycle,
// with the same code that draws charts for Slack and the report: `npm run readme-chart`.
// tests/charts/readmeChart.test.ts fails when the committed picture is not what this draws.
import { writeFileSync } from 'node:fs';
import { renderPng } from '../src/charts/render.js';
import { demoReadmeChart } from '../src/demo.js';

const chart = await demoReadmeChart();
const png = await renderPng(chart.spec);
writeFileSync(new URL('../docs/images/kr-chart.png', import.meta.url), png.data);
console.log(`docs/images/kr-chart.png: ${png.width}×${png.height}\nalt: ${chart.alt}`);
