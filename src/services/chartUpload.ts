import { createHash } from 'node:crypto';
import type { types } from '@slack/bolt';
import { renderPng } from '../charts/render.js';
import { rememberChart, uploadedChart } from '../store/settings.js';
import { LIMITS, type Block } from '../views/blocks.js';
import type { Chart } from './charts.js';
import type { OutgoingMessage } from './delivery.js';
import { slackErrorCode, type AppDeps } from './deps.js';

/**
 * The one place okrbot uploads files to Slack: a chart's PNG through `files.uploadV2` (get an
 * upload URL, send the bytes, complete the upload), not shared to any channel, then shown by an
 * image block that names the file. The same PNG is uploaded once (chart_files, by SHA-256).
 * A chart is never worth a lost message: any failure here gives the message without it.
 */

export interface ChartRef {
  fileId: string;
  alt: string;
  title: string;
}

export function chartsEnabled(deps: Pick<AppDeps, 'charts'>): boolean {
  return deps.charts !== false;
}

export async function uploadChart(deps: AppDeps, chart: Chart): Promise<ChartRef | null> {
  if (!chartsEnabled(deps)) return null;
  try {
    const png = await renderPng(chart.spec);
    const sha256 = createHash('sha256').update(png.data).digest('hex');
    const known = await uploadedChart(deps.db, sha256);
    if (known) return { fileId: known, alt: chart.alt, title: chart.title };
    const res = await deps.client.files.uploadV2({ file: png.data, filename: chart.name, title: chart.title, alt_text: chart.alt });
    const fileId = (res as { files?: Array<{ files?: Array<{ id?: string }> }> }).files?.[0]?.files?.[0]?.id;
    if (!fileId) throw new Error('files.uploadV2 returned no file id');
    await rememberChart(deps.db, sha256, fileId, deps.clock());
    deps.metrics.chartsUploaded.inc();
    return { fileId, alt: chart.alt, title: chart.title };
  } catch (e) {
    deps.logger.warn('could not draw or upload a chart; sending the message without it', { chart: chart.name, error: slackErrorCode(e) });
    deps.metrics.chartsFailed.inc();
    return null;
  }
}

export function chartBlock(ref: ChartRef): types.ImageBlock {
  return { type: 'image', slack_file: { id: ref.fileId }, alt_text: ref.alt, title: { type: 'plain_text', text: ref.title.slice(0, 2000) } };
}

/**
 * The message with the chart's image block inserted after `after` blocks (default: at the end),
 * and the message as it was as its fallback: Slack refusing the image (a file it has not finished
 * processing, say) must not cost the message.
 */
export async function withChart(deps: AppDeps, message: OutgoingMessage, chart: Chart | null, after?: number): Promise<OutgoingMessage> {
  const blocks = message.blocks ?? [];
  if (!chart || blocks.length >= LIMITS.messageBlocks) return message;
  const ref = await uploadChart(deps, chart);
  if (!ref) return message;
  const at = after === undefined ? blocks.length : Math.min(after, blocks.length);
  const withImage: Block[] = [...blocks.slice(0, at), chartBlock(ref), ...blocks.slice(at)];
  return { text: message.text, blocks: withImage, fallback: { text: message.text, ...(message.blocks && { blocks: message.blocks }) } };
}
