import { describe, expect, it } from 'vitest';
import { heatStripAlt, krChartAlt, mixBarAlt } from '../../src/charts/alt.js';
import { heatRows, krChartData } from '../../src/charts/data.js';
import { renderPng, renderSvg } from '../../src/charts/render.js';
import { krChartSpec } from '../../src/charts/specs.js';
import type { Cycle } from '../../src/db/schema.js';
import type { CheckinInfo, KrInfo } from '../../src/domain/types.js';
import { krChart, mixChart, teamChart } from '../../src/services/charts.js';

const cycle = {
  id: 1,
  name: '2027-Q1',
  startDate: '2027-01-04',
  endDate: '2027-04-04',
  midDate: '2027-02-15',
  state: 'active',
  createdAt: '',
} as Cycle;
const kr = (id: number, key: string, over: Partial<KrInfo> = {}): KrInfo => ({
  id,
  key,
  title: `Title of ${key}`,
  objectiveKey: 'O1',
  objectiveTitle: 'O',
  teamId: 1,
  ownerId: 1,
  ownerLabel: 'ana',
  status: 'active',
  baseline: 95,
  target: 30,
  unit: 'min',
  currentValue: null,
  grade: null,
  stoppedAt: null,
  learning: null,
  measurement: null,
  source: null,
  ...over,
});
const checkin = (krId: number, week: number, confidence: 0 | 1 | 2, value: number | null = null): CheckinInfo => ({
  krId,
  week,
  confidence,
  evidence: 'e',
  risks: null,
  nextAction: null,
  value,
});
const pngSize = (b: Buffer) => ({ width: b.readUInt32BE(16), height: b.readUInt32BE(20) });

describe('charts', () => {
  const restore = kr(1, 'O2-KR2');
  const history = [checkin(1, 1, 2, 90), checkin(1, 2, 1, 88), checkin(1, 3, 1), checkin(1, 4, 0, 85)];

  it('draw a "reduce" KR against its falling path, with the mid-cycle week and confidence per week', () => {
    const data = krChartData(cycle, restore, history)!;
    expect(data).toMatchObject({ baseline: 95, target: 30, weeks: 13, midWeek: 7 });
    expect(data.points.map((p) => [p.week, p.value, p.confidence])).toEqual([
      [1, 90, 2],
      [2, 88, 1],
      [3, null, 1],
      [4, 85, 0],
    ]);
    // Planned at week 4: 95 − 65·4/13 = 75; 85 minutes is behind a path that goes down.
    expect(krChartAlt(data)).toBe(
      'Line chart of O2-KR2 (Title of O2-KR2): planned path from 95 min at the start to the target 30 min in week 13; mid-cycle review in week 7. ' +
        'Value went from 90 min in week 1 to 85 min in week 4, behind the path (75 min planned). Confidence: on-track week 1, at-risk weeks 2–3, off-track week 4.',
    );
    expect(krChartAlt({ ...data, points: [{ week: 4, value: 70, confidence: 2 }] })).toContain(
      'Value 70 min in week 4, on or ahead of the path (75 min planned).',
    );
  });

  it('render the same PNG bytes for the same data, at twice the drawn size, with text from the bundled font', async () => {
    const spec = krChartSpec(krChartData(cycle, restore, history)!);
    const [a, b] = [await renderPng(spec), await renderPng(spec)];
    expect(a.data.equals(b.data)).toBe(true);
    expect(a.data.subarray(1, 4).toString()).toBe('PNG');
    expect(pngSize(a.data)).toEqual({ width: a.width, height: a.height });
    expect(a.width).toBeGreaterThan(1000); // 560 px plot + axes, ×2
    expect(a.width).toBeLessThan(1600);
    const svg = await renderSvg(spec);
    expect(svg).toContain('mid-cycle review');
    expect(svg).toContain('target 30');
    expect(svg).toContain('font-family="DejaVu Sans"');
  });

  it('report a spec the renderer cannot draw as an error, and keep drawing the next ones', async () => {
    await expect(renderPng({ mark: 'nonsense', data: { values: [] } })).rejects.toThrow(/chart rendering failed/);
    const ok = await renderPng(krChartSpec(krChartData(cycle, restore, history)!));
    expect(ok.width).toBeGreaterThan(1000);
  });

  it('fall back to a confidence strip for a KR without baseline or target', () => {
    const chart = krChart(cycle, kr(2, 'O1-KR3', { baseline: null, target: null }), [
      checkin(2, 1, 1),
      checkin(2, 3, 2),
    ]);
    expect(chart.alt).toBe(
      'O1-KR3 (Title of O1-KR3), no baseline or target to chart a value, confidence week by week: O1-KR3 at-risk week 1, no check-in week 2, on-track week 3.',
    );
  });

  it('describe a team strip and the roll-up bars in words, within Slack’s 2,000 characters', () => {
    const rows = heatRows(
      [kr(1, 'O1-KR1'), kr(2, 'O1-KR2')],
      [checkin(1, 1, 0), checkin(1, 2, 0), checkin(2, 2, 2)],
      2,
    );
    expect(rows).toEqual([
      {
        label: 'O1-KR1',
        cells: [
          { week: 1, confidence: 0 },
          { week: 2, confidence: 0 },
        ],
      },
      {
        label: 'O1-KR2',
        cells: [
          { week: 1, confidence: null },
          { week: 2, confidence: 2 },
        ],
      },
    ]);
    expect(heatStripAlt('Discovery', rows)).toBe(
      'Discovery, confidence week by week: O1-KR1 off-track weeks 1–2; O1-KR2 no check-in week 1, on-track week 2.',
    );
    expect(mixBarAlt('All teams', [{ label: 'Platform', counts: { 0: 1, 1: 2, 2: 3, none: 1 } }])).toBe(
      'All teams, key results by confidence: Platform 3 on-track, 2 at-risk, 1 off-track, 1 without a check-in.',
    );
    const many = Array.from({ length: 200 }, (_, i) => kr(i + 1, `O${i}-KR1`));
    const big = teamChart(cycle, 'Big', many, [], 6);
    expect(big.alt.length).toBeLessThanOrEqual(2000);
    expect(big.alt).toMatch(
      /^Big, 2027-Q1 weeks 1–6 \(the first 30 of 200 key results\), confidence week by week: O0-KR1 no check-ins; /,
    );
    const teams = Array.from({ length: 40 }, (_, i) => ({
      label: `T${i}`,
      counts: { 0: i === 39 ? 5 : 0, 1: 1, 2: 1, none: 0 },
    }));
    expect(mixChart(cycle, 3, teams).alt).toMatch(
      /^All teams, 2027-Q1 week 3 \(the 30 of 40 teams with the most at risk\), key results by confidence: T39 1 on-track, 1 at-risk, 5 off-track; T0 /,
    );
    expect(mixChart(cycle, 3, []).alt).toBe('All teams, 2027-Q1 week 3: no teams.');
  });
});
