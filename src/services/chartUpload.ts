import { createHash } from 'node:crypto';
import type { types } from '@slack/bolt';
import { renderPng } from '../charts/render.js';
import { rememberChart, uploadedChart } from '../store/settings.js';
import { LIMITS } from '../views/blocks.js';
import type { Chart } from './charts.js';
import type { OutgoingMessage } from './delivery.js';
import { slackErrorCode, type AppDeps } from './deps.js';

/**
 * The one place okrbot uploads files to Slack: a chart's PNG through `files.uploadV2` (get an
 * upload URL, send the bytes, complete the upload), not shared to any channel, then shown by an
 * image block that names the file. The same PNG is uploaded once (chart_files, by SHA-256).
 * A chart is never worth a lost message: any failure here gives the message without it.
 */

export function chartsEnabled(deps: Pick<AppDeps, 'charts'>): boolean {
  return deps.charts !== false;
}

export interface ChartRef {
  fileId: string;
  alt: string;
  title: string;
  /** Whether Slack has finished processing the file, so an image block may name it now. */
  ready: boolean;
}

/**
 * Slack processes an uploaded file asynchronously: until it is done, files.info shows an empty
 * mimetype and an image block naming the file is refused ("invalid slack file"; python-slack-sdk
 * #1521/#1797, java-slack-sdk #1349; a Slack maintainer in slack-github-action #413 advises
 * polling files.info). Files seen ready are remembered for this process.
 */
const readyFiles = new Set<string>();
/** How long a message waits for its chart before it goes without it (and gets it by chat.update). */
export const INLINE_WAIT_MS = 1500;
/** How long a posted message's chart is waited for in the background before it is given up. */
export const BACKGROUND_WAIT_MS = 60_000;

/** Polls files.info until the file is processed or `maxMs` passes (backing off from 250 ms to 5 s). */
export async function waitForFile(deps: AppDeps, fileId: string, maxMs: number): Promise<boolean> {
  const until = Date.now() + maxMs;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
    try {
      const res = await deps.client.files.info({ file: fileId });
      if (res.file?.mimetype) {
        readyFiles.add(fileId);
        return true;
      }
    } catch (e) {
      deps.logger.debug('files.info failed while waiting for a chart', { error: slackErrorCode(e) });
    }
    if (Date.now() + delay > until) return false;
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** Uploads a chart (once per PNG) and waits up to `waitMs` for Slack to process it. */
export async function uploadChart(deps: AppDeps, chart: Chart, waitMs = INLINE_WAIT_MS): Promise<ChartRef | null> {
  if (!chartsEnabled(deps)) return null;
  try {
    const png = await renderPng(chart.spec);
    const sha256 = createHash('sha256').update(png.data).digest('hex');
    let fileId = await uploadedChart(deps.db, sha256);
    if (!fileId) {
      fileId = await uploadExternal(deps, png.data, chart);
      await rememberChart(deps.db, sha256, fileId, deps.clock());
      deps.metrics.chartsUploaded.inc();
    }
    const ready = readyFiles.has(fileId) || (await waitForFile(deps, fileId, waitMs));
    return { fileId, alt: chart.alt, title: chart.title, ready };
  } catch (e) {
    deps.logger.warn('could not draw or upload a chart; sending the message without it', {
      chart: chart.name,
      error: slackErrorCode(e),
    });
    deps.metrics.chartsFailed.inc();
    return null;
  }
}

/** files.getUploadURLExternal's `alt_txt` takes at most 1,000 characters (the image block's alt_text 2,000). */
export const ALT_TEXT_MAX = 1000;

/**
 * Slack's three-step upload, done here rather than by web-api's files.uploadV2, which sends the
 * alt text as `alt_text` where files.getUploadURLExternal documents `alt_txt` (≤ 1,000 characters,
 * else `alt_txt_too_large`): get an upload URL, send the bytes, complete the upload (shared nowhere).
 */
async function uploadExternal(deps: AppDeps, png: Buffer, chart: Chart): Promise<string> {
  const alt = [...chart.alt].slice(0, ALT_TEXT_MAX).join('');
  const url = (await deps.client.apiCall('files.getUploadURLExternal', {
    filename: chart.name,
    length: png.length,
    alt_txt: alt,
  })) as { upload_url?: string; file_id?: string };
  if (!url.upload_url || !url.file_id) throw new Error('files.getUploadURLExternal returned no upload URL');
  const form = new FormData();
  form.append('filename', chart.name);
  form.append('file', new Blob([png], { type: 'image/png' }), chart.name);
  const sent = await fetch(url.upload_url, { method: 'POST', body: form, signal: AbortSignal.timeout(30_000) });
  if (!sent.ok) throw new Error(`upload failed: HTTP ${sent.status}`);
  await deps.client.files.completeUploadExternal({ files: [{ id: url.file_id, title: chart.title }] });
  return url.file_id;
}

export function chartBlock(ref: ChartRef): types.ImageBlock {
  return {
    type: 'image',
    slack_file: { id: ref.fileId },
    alt_text: ref.alt,
    title: { type: 'plain_text', text: ref.title.slice(0, 2000) },
  };
}

/**
 * The message with the chart's image block inserted after `after` blocks (default: at the end),
 * and the message as it was as its fallback: Slack refusing the image must not cost the message.
 * A chart Slack is still processing is not waited for: the message goes without it, and `upgrade`
 * carries the message with the chart for the gateway to put in place (chat.update) once it is ready.
 */
export async function withChart(
  deps: AppDeps,
  message: OutgoingMessage,
  chart: Chart | null,
  after?: number,
): Promise<OutgoingMessage> {
  const blocks = message.blocks ?? [];
  if (!chart || blocks.length >= LIMITS.messageBlocks) return message;
  const ref = await uploadChart(deps, chart);
  if (!ref) return message;
  const at = after === undefined ? blocks.length : Math.min(after, blocks.length);
  const withImage: OutgoingMessage = {
    text: message.text,
    blocks: [...blocks.slice(0, at), chartBlock(ref), ...blocks.slice(at)],
    fallback: { text: message.text, ...(message.blocks && { blocks: message.blocks }) },
  };
  if (ref.ready) return withImage;
  return {
    ...message,
    upgrade: { message: withImage, ready: () => waitForFile(deps, ref.fileId, BACKGROUND_WAIT_MS) },
  };
}

/** An ephemeral answer cannot be updated later: it waits longer for its chart, then says it is not ready. */
export const FOLLOW_UP_WAIT_MS = 10_000;

/** A chart as a second ephemeral answer (`/okr show`, `/okr overview`): shown once Slack has processed it. */
export async function chartFollowUp(
  deps: AppDeps,
  chart: Chart | null,
  text: string,
): Promise<{ text: string; blocks?: types.KnownBlock[] } | null> {
  const ref = chart ? await uploadChart(deps, chart, FOLLOW_UP_WAIT_MS) : null;
  if (!ref) return null;
  if (!ref.ready) return { text: `${text}: Slack is still preparing the chart; ask again in a minute to see it.` };
  return { text, blocks: [chartBlock(ref)] };
}
