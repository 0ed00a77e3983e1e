import { replyOnce } from '../../services/replies.js';
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackEventMiddlewareArgs } from '@slack/bolt';
import { slackErrorCode, type AppDeps } from '../../services/deps.js';
import { isAdmin } from '../../services/admins.js';
import {
  applyUpload,
  isOkrFileName,
  MAX_UPLOAD_BYTES,
  NOT_ADMIN_IMPORT,
  planUpload,
} from '../../services/uploadImport.js';
import { escapeMrkdwn, linesToSections, safeText, type Block } from '../../views/blocks.js';
import { IMPORT_ACTION, renderImportPlan, renderImportRefused } from '../../views/importPlan.js';

type MessageEvent = (SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs)['event'];

/** OKR files dropped into the bot's DM: the dry-run plan and lint, then Confirm (admins only). */

export { IMPORT_ACTION } from '../../views/importPlan.js';

interface SharedFile {
  id: string;
  name?: string;
  size?: number;
  url_private_download?: string;
}

/** Downloads a file the way Slack serves it: the url_private link with the bot token (files:read). */
async function download(deps: AppDeps, file: SharedFile): Promise<string> {
  const res = await fetch(file.url_private_download!, {
    headers: { authorization: `Bearer ${deps.client.token}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`download failed: HTTP ${res.status}`);
  const text = await res.text();
  if (Buffer.byteLength(text) > MAX_UPLOAD_BYTES) throw new Error('file too large');
  return text;
}

export function registerUploads(app: App, deps: AppDeps): void {
  app.event('message', async ({ event }) => handleUpload(deps, event));
  registerImportButtons(app, deps);
}

/** An OKR file dropped into the bot's DM: checked, downloaded, planned (a dry run), answered once. */
async function handleUpload(deps: AppDeps, event: MessageEvent): Promise<void> {
  if (event.channel_type !== 'im' || event.subtype !== 'file_share') return;
  const user = 'user' in event ? event.user : undefined;
  const file = ('files' in event ? (event.files as SharedFile[] | undefined) : undefined)?.[0];
  if (!user || !file?.name) return;
  // One answer per upload, claimed like any other send: a replayed event cannot answer twice.
  const reply = async (message: { text: string; blocks?: Block[] }) => {
    const r = await replyOnce(deps, { channel: event.channel, ts: event.ts }, message);
    if (r.status === 'failed' || r.status === 'retry')
      deps.logger.warn('could not answer an upload', { error: r.error });
  };
  if (!isOkrFileName(file.name)) return; // not an OKR file: nothing to do with it
  // Asked before the download: a file nobody may import here is never fetched (files:read).
  if (!(await isAdmin(deps, user))) {
    await reply({ text: NOT_ADMIN_IMPORT });
    return;
  }
  if ((file.size ?? 0) > MAX_UPLOAD_BYTES || !file.url_private_download) {
    await reply({
      text: `${escapeMrkdwn(file.name)} is larger than 1 MB or cannot be downloaded; nothing was imported.`,
    });
    return;
  }
  let content: string;
  try {
    content = await download(deps, file);
  } catch (e) {
    deps.logger.warn('could not download an upload', { error: e instanceof Error ? e.message : String(e) });
    await reply({
      text: `I could not download ${escapeMrkdwn(file.name)} from Slack; nothing was imported. Please upload it again.`,
    });
    return;
  }
  const plan = await planUpload(deps, { fileName: file.name, content, slackUserId: user });
  await reply(plan.ok ? renderImportPlan(plan) : renderImportRefused(file.name, plan.problems));
}

function registerImportButtons(app: App, deps: AppDeps): void {
  app.action<BlockAction<ButtonAction>>(IMPORT_ACTION.confirm, async ({ ack, body, action, respond }) => {
    await ack();
    let id = 0;
    try {
      id = Number((JSON.parse(action.value ?? '{}') as { id?: number }).id ?? 0);
    } catch {
      id = 0;
    }
    const result = await applyUpload(deps, id, body.user.id);
    const text = result.ok
      ? `✅ Imported ${escapeMrkdwn(result.fileName)} into cycle ${escapeMrkdwn(result.cycleName)}: ${result.changes.length} change(s).`
      : `⚠️ ${escapeMrkdwn(result.error)}`;
    await respond({
      replace_original: result.ok,
      text,
      ...(result.ok && {
        blocks: linesToSections([text, ...result.changes.map((c) => `\`${safeText(c, 300)}\``)], 20),
      }),
    } as never).catch((e: unknown) =>
      deps.logger.warn('could not answer an import confirmation', { error: slackErrorCode(e) }),
    );
  });

  app.action<BlockAction<ButtonAction>>(IMPORT_ACTION.cancel, async ({ ack, respond }) => {
    await ack();
    await respond({ replace_original: true, text: 'Cancelled: nothing was imported.' } as never).catch(() => undefined);
  });
}
