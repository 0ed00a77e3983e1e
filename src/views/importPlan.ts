import { actions, button, context, escapeMrkdwn, linesToSections, safeText, type Block } from './blocks.js';

/** OKR files dropped into the bot's DM: the dry-run plan to confirm, or why nothing was imported. */

export const IMPORT_ACTION = { confirm: 'import:confirm', cancel: 'import:cancel' } as const;

export function renderImportRefused(fileName: string, problems: string[]): { text: string; blocks: Block[] } {
  const lines = [
    `*${escapeMrkdwn(fileName)} — nothing was imported:*`,
    ...problems.map((p) => `• ${safeText(p, 500)}`),
  ];
  return { text: `${escapeMrkdwn(fileName)}: nothing was imported.`, blocks: linesToSections(lines, 10) };
}

export function renderImportPlan(plan: {
  id: number;
  fileName: string;
  cycleName: string;
  changes: string[];
  findings: string[];
}): { text: string; blocks: Block[] } {
  const value = JSON.stringify({ id: plan.id });
  const changes = plan.changes.length
    ? plan.changes.map((c) => `\`${safeText(c, 300)}\``)
    : ['_No changes: the cycle is already in sync._'];
  const findings = plan.findings.length
    ? linesToSections(
        [
          `*${plan.findings.length} lint finding(s)* (warnings; they do not block the import):`,
          ...plan.findings.map((f) => safeText(f, 500)),
        ],
        10,
      )
    : [];
  const blocks: Block[] = [
    ...linesToSections(
      [`*${escapeMrkdwn(plan.fileName)}* — dry run against cycle *${escapeMrkdwn(plan.cycleName)}*:`, ...changes],
      20,
    ),
    ...findings,
    context('Confirm applies the whole file in one transaction, exactly like `okrbot import`: all of it or nothing.'),
    actions(`import:${plan.id}`, [
      button('Confirm import', IMPORT_ACTION.confirm, value, 'primary'),
      button('Cancel', IMPORT_ACTION.cancel, value),
    ]),
  ];
  return {
    text: `${escapeMrkdwn(plan.fileName)}: ${plan.changes.length} change(s) planned — confirm to import.`,
    blocks,
  };
}
