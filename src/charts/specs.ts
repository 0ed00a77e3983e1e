import type { Confidence } from '../domain/types.js';
import { CONFIDENCE_LABEL } from '../domain/types.js';
import { truncate } from '../views/text.js';

/**
 * The charts okrbot draws, as Vega-Lite specifications: pure functions of plain data, so the same
 * data always gives the same picture (and the same PNG bytes, see render.ts). Colours are the
 * confidence colours used everywhere; every cell also carries its number, so the heat strips read
 * without telling red from green.
 */

export type VegaLiteSpec = Record<string, unknown>;

export const CONFIDENCE_COLOUR: Record<Confidence, string> = { 0: '#d1453b', 1: '#e8a317', 2: '#2e8540' };
export const NO_CHECKIN_COLOUR = '#d5d9de';
export const NO_CHECKIN_LABEL = 'no check-in';

const FONT = 'DejaVu Sans';
/** Long titles would widen the picture and shrink the plot: the full title is in the alt text. */
const TITLE_MAX = 64;
const CONFIG = {
  font: FONT,
  background: '#ffffff',
  padding: 12,
  view: { stroke: null },
  axis: {
    labelFont: FONT,
    titleFont: FONT,
    labelFontSize: 12,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    gridColor: '#eceff1',
  },
  legend: {
    labelFont: FONT,
    titleFont: FONT,
    labelFontSize: 12,
    orient: 'bottom',
    direction: 'horizontal',
    title: null,
  },
  title: { font: FONT, fontSize: 15, anchor: 'start', subtitleFont: FONT, subtitleFontSize: 12, subtitleColor: '#555' },
};

const LEVELS: Array<Confidence | null> = [2, 1, 0, null];
const levelLabel = (c: Confidence | null) => (c === null ? NO_CHECKIN_LABEL : CONFIDENCE_LABEL[c]);
const confidenceScale = {
  domain: LEVELS.map(levelLabel),
  range: LEVELS.map((c) => (c === null ? NO_CHECKIN_COLOUR : CONFIDENCE_COLOUR[c])),
};

/** Numbers printed on the colours: dark on amber and light grey, white on green and red (contrast). */
const LABEL_COLOUR = {
  condition: {
    test: `datum.confidence === '${CONFIDENCE_LABEL[1]}' || datum.confidence === '${NO_CHECKIN_LABEL}'`,
    value: '#2b2f33',
  },
  value: '#ffffff',
};

export interface KrChartData {
  key: string;
  title: string;
  unit: string | null;
  baseline: number;
  target: number;
  weeks: number;
  midWeek: number;
  /** One entry per week with a check-in (value may be missing). */
  points: Array<{ week: number; value: number | null; confidence: Confidence }>;
}

/** Current value week by week against the straight path from baseline (week 0) to target. */
export function krChartSpec(d: KrChartData): VegaLiteSpec {
  const unit = d.unit ? ` (${d.unit})` : '';
  const weekAxis = {
    field: 'week',
    type: 'quantitative',
    title: 'week',
    scale: { domain: [0, d.weeks], nice: false },
    axis: { tickMinStep: 1, format: 'd' },
  };
  const path = [
    { week: 0, value: d.baseline, series: 'planned path' },
    { week: d.weeks, value: d.target, series: 'planned path' },
  ];
  const actual = d.points
    .filter((p) => p.value !== null)
    .map((p) => ({ week: p.week, value: p.value, confidence: CONFIDENCE_LABEL[p.confidence] }));
  const strip = d.points.map((p) => ({ row: 'confidence', week: p.week, confidence: CONFIDENCE_LABEL[p.confidence] }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: {
      text: `${d.key}: ${truncate(d.title, TITLE_MAX)}`,
      subtitle: `current value${unit} against the path from ${d.baseline} to ${d.target}`,
    },
    vconcat: [
      {
        width: 560,
        height: 240,
        layer: [
          {
            data: { values: path },
            mark: { type: 'line', strokeDash: [6, 4], color: '#8a94a0' },
            encoding: {
              x: weekAxis,
              y: { field: 'value', type: 'quantitative', title: `value${unit}`, scale: { zero: false } },
            },
          },
          ...markerLayers(d),
          {
            data: { values: actual },
            mark: { type: 'line', color: '#34495e', strokeWidth: 2 },
            encoding: { x: weekAxis, y: { field: 'value', type: 'quantitative' } },
          },
          {
            data: { values: actual },
            mark: { type: 'point', filled: true, size: 110, stroke: '#ffffff', strokeWidth: 1.5, opacity: 1 },
            encoding: {
              x: weekAxis,
              y: { field: 'value', type: 'quantitative' },
              color: { field: 'confidence', type: 'nominal', scale: confidenceScale },
            },
          },
        ],
      },
      confidenceStrip(strip, weekAxis),
    ],
  };
}

/** The target line and the mid-cycle review marker, each with its label. */
function markerLayers(d: KrChartData): object[] {
  return [
    {
      data: { values: [{ value: d.target, label: `target ${d.target}` }] },
      mark: { type: 'rule', color: '#2e8540', strokeDash: [2, 2] },
      encoding: { y: { field: 'value', type: 'quantitative' } },
    },
    {
      data: { values: [{ value: d.target, label: `target ${d.target}` }] },
      mark: { type: 'text', align: 'left', dx: 4, dy: -7, x: 0, color: '#2e8540' },
      encoding: { y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } },
    },
    {
      data: { values: [{ week: d.midWeek, label: 'mid-cycle review' }] },
      mark: { type: 'rule', color: '#6b4fbb', strokeDash: [4, 3] },
      encoding: { x: { field: 'week', type: 'quantitative' } },
    },
    {
      data: { values: [{ week: d.midWeek, label: 'mid-cycle review' }] },
      mark: { type: 'text', align: 'left', dx: 4, y: 8, color: '#6b4fbb' },
      encoding: { x: { field: 'week', type: 'quantitative' }, text: { field: 'label' } },
    },
  ];
}

/** The week-by-week confidence strip under the chart. */
function confidenceStrip(strip: object[], weekAxis: object): object {
  return {
    width: 560,
    height: 22,
    data: { values: strip },
    mark: { type: 'square', size: 200, opacity: 1 },
    encoding: {
      x: { ...weekAxis, title: null },
      y: { field: 'row', type: 'nominal', title: null },
      color: {
        field: 'confidence',
        type: 'nominal',
        scale: confidenceScale,
        legend: { values: confidenceScale.domain.slice(0, 3) },
      },
    },
  };
}

export interface HeatRow {
  /** e.g. "O1-KR2" — rows keep this order. */
  label: string;
  cells: Array<{ week: number; confidence: Confidence | null }>;
}

/** Every KR × week of a team as a confidence heat strip (a cell per week, up to the week shown). */
export function heatStripSpec(d: {
  title: string;
  subtitle: string;
  weeks: number;
  midWeek: number | null;
  rows: HeatRow[];
}): VegaLiteSpec {
  const values = d.rows.flatMap((r) =>
    r.cells.map((c) => ({
      kr: r.label,
      week: c.week,
      confidence: levelLabel(c.confidence),
      score: c.confidence === null ? '' : String(c.confidence),
    })),
  );
  const x = {
    field: 'week',
    type: 'ordinal',
    title: 'week',
    scale: { domain: Array.from({ length: d.weeks }, (_, i) => i + 1) },
    axis: { labelAngle: 0, orient: 'top' },
  };
  const y = { field: 'kr', type: 'ordinal', title: null, sort: d.rows.map((r) => r.label) };
  const layers: unknown[] = [
    {
      mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 2 },
      encoding: { x, y, color: { field: 'confidence', type: 'nominal', scale: confidenceScale } },
    },
    {
      mark: { type: 'text', fontSize: 11, fontWeight: 'bold' },
      encoding: { x, y, text: { field: 'score' }, color: LABEL_COLOUR },
    },
  ];
  if (d.midWeek !== null) {
    layers.push({
      data: { values: [{ week: d.midWeek }] },
      mark: { type: 'rule', color: '#6b4fbb', strokeWidth: 2, xOffset: -1 },
      encoding: { x: { ...x, bandPosition: 0 } },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: {
      text: truncate(d.title, TITLE_MAX),
      subtitle: d.midWeek !== null ? `${d.subtitle} · purple line: mid-cycle review` : d.subtitle,
    },
    width: Math.max(240, d.weeks * 38),
    height: { step: 24 },
    data: { values },
    layer: layers,
  };
}

export interface MixRow {
  label: string;
  counts: Record<Confidence, number> & { none: number };
}

/** The leadership roll-up: each team's confidence mix this week as one stacked bar. */
export function mixBarSpec(d: { title: string; subtitle: string; rows: MixRow[] }): VegaLiteSpec {
  const values = d.rows
    .flatMap((r) =>
      LEVELS.map((c, order) => ({
        team: r.label,
        confidence: levelLabel(c),
        order,
        count: c === null ? r.counts.none : r.counts[c],
      })),
    )
    .filter((v) => v.count > 0);
  const x = {
    field: 'count',
    type: 'quantitative',
    title: 'key results',
    stack: 'zero',
    axis: { tickMinStep: 1, format: 'd' },
  };
  const y = { field: 'team', type: 'nominal', title: null, sort: d.rows.map((r) => r.label) };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: { text: d.title, subtitle: d.subtitle },
    width: 520,
    height: { step: 28 },
    data: { values },
    layer: [
      {
        mark: { type: 'bar', stroke: '#ffffff' },
        encoding: {
          x,
          y,
          color: { field: 'confidence', type: 'nominal', scale: confidenceScale },
          order: { field: 'order' },
        },
      },
      {
        mark: { type: 'text', fontSize: 11, fontWeight: 'bold', dx: -8, align: 'right' },
        encoding: {
          x: { ...x, bandPosition: 1 },
          y,
          text: { field: 'count' },
          order: { field: 'order' },
          detail: { field: 'confidence' },
          color: LABEL_COLOUR,
        },
      },
    ],
  };
}
