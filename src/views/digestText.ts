import { isQuietWeek, type DigestItem, type DigestSelection } from '../domain/digest.js';
import type { KrInfo } from '../domain/types.js';
import { CONFIDENCE_LABEL } from '../domain/types.js';
import { CONFIDENCE_EMOJI, plural, progressLine, trendStrip } from './text.js';
import { answerRateLine, awayText } from './digestBlocks.js';
import { pathText } from './values.js';
import { DECISION_LABEL, type MidcycleData } from './midcycle.js';

/** The at-risk digest and the mid-cycle prompt as plain text (CLI, demo, logs). */

export interface DigestHeader {
  teamName: string;
  cycleName: string;
  week: number;
  weekRange: string;
}

const owner = (kr: KrInfo) => (kr.ownerLabel ? ` — ${kr.ownerLabel}` : ' — no owner');

function itemLines(item: DigestItem): string[] {
  const { kr, checkin, previous } = item;
  const change = previous && previous.confidence !== checkin.confidence ? ` (was ${previous.confidence})` : '';
  const lines = [`  ${CONFIDENCE_EMOJI[checkin.confidence]} ${kr.key} ${kr.title}${owner(kr)}${change}`];
  lines.push(`      Evidence: ${checkin.evidence}`);
  if (checkin.risks) lines.push(`      Risks: ${checkin.risks}`);
  if (checkin.nextAction) lines.push(`      Next: ${checkin.nextAction}`);
  const progress = progressLine(kr);
  if (progress) lines.push(`      Value: ${progress}`);
  lines.push(`      Trend: ${trendStrip(item.trend)}${item.linked ? ` · linked work: ${item.linked}` : ''}`);
  return lines;
}

export function renderDigestText(h: DigestHeader, d: DigestSelection): string {
  const out = [`At-risk digest — ${h.teamName} — ${h.cycleName} week ${h.week} (${h.weekRange})`, ''];
  if (d.total === 0) return [...out, 'No active key results.'].join('\n');
  if (isQuietWeek(d)) {
    return [...out, `✅ All ${plural(d.total, 'key result')} on track this week.`].join('\n');
  }
  if (d.offTrack.length) out.push(`Off-track (0) — ${d.offTrack.length}`, ...d.offTrack.flatMap(itemLines), '');
  if (d.atRisk.length) out.push(`At-risk (1) — ${d.atRisk.length}`, ...d.atRisk.flatMap(itemLines), '');
  if (d.drops.length) {
    out.push('Dropped since last week');
    for (const i of d.drops)
      out.push(`  ${i.kr.key} ${CONFIDENCE_LABEL[i.previous!.confidence]} → ${CONFIDENCE_LABEL[i.checkin.confidence]}`);
    out.push('');
  }
  if (d.silentGreens.length) {
    out.push('Silent greens (on-track 3+ weeks with the same or no evidence — worth a look)');
    for (const i of d.silentGreens) out.push(`  ${i.kr.key} ${i.kr.title}${owner(i.kr)}`);
    out.push('');
  }
  if (d.offPath.length) {
    out.push('Green but off its path (on-track, while its measured values head well short of the target)');
    for (const i of d.offPath) out.push(`  ${i.kr.key} ${i.kr.title}${owner(i.kr)} — ${pathText(i.kr, i.path)}`);
    out.push('');
  }
  if (d.missing.length) {
    out.push('No check-in yet');
    for (const kr of d.missing) out.push(`  ${kr.key} ${kr.title}${owner(kr)}`);
    out.push('');
  }
  if (d.unreachable.length) {
    out.push('Could not reach');
    for (const kr of d.unreachable) out.push(`  ${kr.key} ${kr.title}${owner(kr)} (okrbot could not DM them)`);
    out.push('');
  }
  if (d.leftSlack.length) {
    out.push('Left Slack');
    for (const kr of d.leftSlack) out.push(`  ${kr.key} ${kr.title}${owner(kr)} left Slack — reassign ${kr.key}`);
    out.push('');
  }
  if (d.away.length) {
    out.push('Away');
    for (const { kr, until } of d.away) out.push(`  ${kr.key} ${kr.title}${owner(kr)} (${awayText(until)})`);
    out.push('');
  }
  out.push(`On track: ${d.onTrack} of ${d.total}.${answerRateLine(d).replace(' · ', ' ')}`);
  return out.join('\n');
}

/** Mid-cycle: every KR the prompt selects asks for double down / pivot / stop; the rest get one line. */
export function renderMidcycleText(d: MidcycleData): string {
  const out = [`Mid-cycle review — ${d.teamName} — ${d.cycleName}`, ''];
  if (d.items.length === 0) {
    out.push('No key result is off-track or at-risk. Double down on what works.');
  } else {
    out.push('For each key result below, decide: double down, pivot or stop — and log why.', '');
    for (const item of d.items) {
      const { kr, latest } = item;
      out.push(
        `  ${CONFIDENCE_EMOJI[latest.confidence]} ${kr.key} ${kr.title}${owner(kr)}`,
        `      Evidence (week ${latest.week}): ${latest.evidence}`,
      );
      const progress = progressLine(kr);
      if (progress) out.push(`      Value: ${progress}`);
      out.push(`      Trend: ${trendStrip(item.trend)}`);
      out.push(
        item.decision
          ? `      ${DECISION_LABEL[item.decision.kind]} (${item.decision.status})`
          : '      Decide: [Double down] [Pivot] [Stop]',
        '',
      );
    }
  }
  const rest = d.others.onTrack + d.others.noCheckin;
  if (rest > 0)
    out.push(
      `The other ${plural(rest, 'key result')}: ${d.others.onTrack} on-track, ${d.others.noCheckin} without a recent check-in.`,
    );
  return out.join('\n');
}
