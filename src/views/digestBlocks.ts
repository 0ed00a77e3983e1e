import { isQuietWeek, type DigestItem, type DigestSelection } from '../domain/digest.js';
import { formatDay } from '../domain/time.js';
import { CONFIDENCE_LABEL, type KrInfo } from '../domain/types.js';
import { context, header, LIMITS, linesToSections, safeText, section, type Block, escapeMrkdwn } from './blocks.js';
import { answerRateText, CONFIDENCE_EMOJI, plural, progressLine, trendStrip } from './text.js';
import { pathText } from './values.js';

/** The at-risk digest as Block Kit: what a team channel reads the morning after check-ins. */

export interface DigestBlocksHeader {
  teamName: string;
  cycleName: string;
  week: number;
  weekRange: string;
}

/** Owners are named, not @-mentioned: the digest informs the channel without pinging anyone. */
function ownerRef(kr: KrInfo): string {
  return kr.ownerLabel ? safeText(kr.ownerLabel, 80) : 'no owner';
}

function itemText(item: DigestItem): string {
  const { kr, checkin, previous } = item;
  const was = previous && previous.confidence !== checkin.confidence ? ` (was ${previous.confidence})` : '';
  const lines = [
    `${CONFIDENCE_EMOJI[checkin.confidence]} *${kr.key}* ${safeText(kr.title, 300)} — ${ownerRef(kr)}${was}`,
    `*Evidence:* ${safeText(checkin.evidence, 1200)}`,
  ];
  if (checkin.risks) lines.push(`*Risks:* ${safeText(checkin.risks, 500)}`);
  if (checkin.nextAction) lines.push(`*Next:* ${safeText(checkin.nextAction, 400)}`);
  const progress = progressLine(kr);
  lines.push(
    `${progress ? `*Value:* ${safeText(progress, 200)} · ` : ''}${trendStrip(item.trend)}${item.linked ? ` · 🔗 ${item.linked} linked` : ''}`,
  );
  return lines.join('\n');
}

/** A week with nothing to act on gets one short line (and no chart). */
export { isQuietWeek };

export function renderDigestBlocks(
  h: DigestBlocksHeader,
  d: DigestSelection,
  options: { maxBlocks?: number } = {},
): { text: string; blocks: Block[] } {
  const maxBlocks = options.maxBlocks ?? LIMITS.messageBlocks;
  const title = `At-risk digest — ${h.teamName} — week ${h.week}`;
  const blocks: Block[] = [header(title), context(`${safeText(h.cycleName, 80)} · ${h.weekRange}`)];
  if (d.total === 0) {
    blocks.push(section('No active key results this cycle.'));
    return { text: `${escapeMrkdwn(title)}: no active key results.`, blocks };
  }
  if (isQuietWeek(d)) {
    blocks.push(section(`✅ All ${plural(d.total, 'key result')} on track this week.`));
    return { text: `${escapeMrkdwn(title)}: all ${d.total} on track.`, blocks };
  }
  // Reserve room for the summary sections after the at-risk items.
  const tailBudget = 5;
  const atRisk = [...d.offTrack, ...d.atRisk];
  const room = maxBlocks - blocks.length - tailBudget;
  atRisk.slice(0, Math.max(0, room)).forEach((item) => blocks.push(section(itemText(item))));
  if (atRisk.length > room)
    blocks.push(
      context(
        `…and ${atRisk.length - room} more at risk — \`/okr digest ${safeText(h.teamName, 60)}\` in a DM lists them all.`,
      ),
    );

  const summary = summaryLines(d);
  if (summary.length) blocks.push(...linesToSections(summary, Math.max(1, maxBlocks - blocks.length - 1)));
  blocks.push(
    context(
      `On track: ${d.onTrack} of ${d.total} · 🔴 ${d.offTrack.length} off-track · 🟡 ${d.atRisk.length} at-risk${answerRateLine(d)}`,
    ),
  );
  return {
    text: `${escapeMrkdwn(title)}: ${d.offTrack.length} off-track, ${d.atRisk.length} at-risk, ${d.missing.length} without a check-in${d.unreachable.length ? `, ${d.unreachable.length} could not be reached` : ''}${d.leftSlack.length ? `, ${d.leftSlack.length} to reassign` : ''}${d.away.length ? `, ${d.away.length} away` : ''}.`,
    blocks,
  };
}

/** The digest's lists below the at-risk items: drops, silent greens, and KRs without a check-in by why. */
function summaryLines(d: DigestSelection): string[] {
  const lines = (title: string, list: string[]) => (list.length ? [`*${title}*`, ...list] : []);
  return [
    ...lines(
      'Dropped since last week',
      d.drops.map(
        (i) => `${i.kr.key} ${CONFIDENCE_LABEL[i.previous!.confidence]} → ${CONFIDENCE_LABEL[i.checkin.confidence]}`,
      ),
    ),
    ...lines(
      'Silent greens — on-track 3+ weeks with the same or no evidence',
      d.silentGreens.map((i) => `${i.kr.key} ${safeText(i.kr.title, 200)} — ${ownerRef(i.kr)}`),
    ),
    ...lines(
      'Green but off its path — on-track, while its measured values head well short of the target',
      d.offPath.map((i) => `${i.kr.key} ${safeText(i.kr.title, 200)} — ${ownerRef(i.kr)} · ${pathText(i.kr, i.path)}`),
    ),
    ...lines(
      'No check-in yet',
      d.missing.map((kr) => `${kr.key} ${safeText(kr.title, 200)} — ${ownerRef(kr)}`),
    ),
    ...lines(
      'Could not reach',
      d.unreachable.map((kr) => `${kr.key} — ${ownerRef(kr)} (okrbot could not DM them)`),
    ),
    ...lines(
      'Left Slack',
      d.leftSlack.map((kr) => `${kr.key} — ${ownerRef(kr)} left Slack — reassign ${kr.key}`),
    ),
    ...lines(
      'Away',
      d.away.map(({ kr, until }) => `${kr.key} — ${ownerRef(kr)} (${awayText(until)})`),
    ),
  ];
}

/** " · Answer rate this cycle: 86 % answered (25 of 29)", or nothing before anyone was asked. */
export function answerRateLine(d: DigestSelection): string {
  return d.answerRate && d.answerRate.rate !== null ? ` · Answer rate this cycle: ${answerRateText(d.answerRate)}` : '';
}

/** "away until Jan 24", or "away (Slack status)" when their status has no end. */
export const awayText = (until: string) => (until ? `away until ${formatDay(until)}` : 'away (Slack status)');
