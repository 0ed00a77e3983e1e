import { lintOkrs, formatFinding } from '../domain/lint.js';
import { OkrFileError, formatOf, formatProblem, parseOkrText } from '../okrs/format.js';
import { formatChange, importOkrs } from '../store/okrSync.js';
import { getPendingImport, markImportApplied, savePendingImport } from '../store/pendingImports.js';
import type { AppDeps } from './deps.js';
import { isAdmin } from './admins.js';
import { adminsOnly } from '../views/access.js';

/**
 * Import by upload: an admin drops an OKR file into the bot's DM, sees the dry-run plan and the
 * lint findings, and confirms. Confirming runs exactly `okrbot import`: the whole file or nothing.
 */

/** Larger than any OKR file a company writes; a cap so an upload cannot exhaust memory. */
export const MAX_UPLOAD_BYTES = 1024 * 1024;

export type UploadPlan =
  | { ok: true; id: number; fileName: string; cycleName: string; changes: string[]; findings: string[] }
  | { ok: false; problems: string[] };

export const NOT_ADMIN_IMPORT = adminsOnly('import OKR files', 'Nothing was imported.');

export async function planUpload(
  deps: AppDeps,
  upload: { fileName: string; content: string; slackUserId: string },
): Promise<UploadPlan> {
  if (!(await isAdmin(deps, upload.slackUserId))) return { ok: false, problems: [NOT_ADMIN_IMPORT] };
  let doc;
  try {
    doc = parseOkrText(upload.fileName, upload.content);
  } catch (e) {
    if (!(e instanceof OkrFileError)) throw e;
    return { ok: false, problems: e.problems.map(formatProblem) };
  }
  const plan = await importOkrs(deps.db, doc, { dryRun: true, now: deps.clock() });
  const pending = await savePendingImport(deps.db, upload.fileName, upload.content, upload.slackUserId, deps.clock());
  return {
    ok: true,
    id: pending.id,
    fileName: upload.fileName,
    cycleName: plan.cycleName,
    changes: plan.changes.map(formatChange),
    findings: lintOkrs(doc.teams).map(formatFinding),
  };
}

export function isOkrFileName(name: string): boolean {
  return formatOf(name) !== null;
}

export type ApplyResult =
  { ok: true; fileName: string; cycleName: string; changes: string[] } | { ok: false; error: string };

export async function applyUpload(deps: AppDeps, id: number, slackUserId: string): Promise<ApplyResult> {
  if (!(await isAdmin(deps, slackUserId)))
    return { ok: false, error: adminsOnly('confirm an import', 'Nothing was imported.') };
  const pending = await getPendingImport(deps.db, id);
  if (!pending) return { ok: false, error: 'That upload is gone; upload the file again.' };
  if (pending.appliedAt)
    return {
      ok: false,
      error: `${pending.fileName} was already imported (${pending.appliedAt.slice(0, 16).replace('T', ' ')} UTC). Nothing was changed.`,
    };
  let doc;
  try {
    doc = parseOkrText(pending.fileName, pending.content);
  } catch (e) {
    if (!(e instanceof OkrFileError)) throw e;
    return { ok: false, error: e.problems.map(formatProblem).join('\n') };
  }
  // The same sync as `okrbot import`, in one transaction: all of it or nothing.
  const result = await importOkrs(deps.db, doc, { now: deps.clock() });
  if (!(await markImportApplied(deps.db, id, deps.clock())))
    return { ok: false, error: `${pending.fileName} was already imported. Nothing was changed.` };
  deps.logger.info('OKR file imported from Slack', {
    file: pending.fileName,
    by: slackUserId,
    changes: result.changes.length,
  });
  return {
    ok: true,
    fileName: pending.fileName,
    cycleName: result.cycleName,
    changes: result.changes.map(formatChange),
  };
}
