import type { DigestSelection } from '../domain/digest.js';
import { actions, button, context, divider, header, LIMITS, safeText, section, type Block, type HomeView } from './blocks.js';
import { ACTION, encodePayload, scoreText } from './checkinMessage.js';
import { plural } from './format.js';
import type { MineItem } from './krViews.js';
import { krLine } from './krViews.js';

/** App Home: my KRs by objective with trend and a check-in button each; my teams' at-risk KRs below. */

export interface HomeData {
  cycleName: string | null;
  week: number | null;
  weekRange: string | null;
  items: Array<MineItem & { checkedInThisWeek: boolean }>;
  teams: Array<{ name: string; digest: DigestSelection }>;
  oooUntil: string | null;
  /** Whether to offer "Add a key result" (admins, and owners of KRs in this cycle). */
  canAddKrs?: boolean;
}

export const HOME_NEW_KR_ACTION = 'home:new_kr';

/** Blocks kept back for the teams section and "more" lines. */
const TEAM_RESERVE = 20;

export function renderHome(d: HomeData): HomeView {
  const blocks: Block[] = [];
  if (!d.cycleName) {
    blocks.push(header('okrbot'), section('There is no active OKR cycle yet. An admin imports one with `okrbot import <file>`.'));
    return { type: 'home', blocks };
  }
  blocks.push(header(`Your key results — ${d.cycleName}`));
  const meta = [d.week ? `Week ${d.week} · ${d.weekRange}` : 'Outside the cycle weeks'];
  if (d.oooUntil) meta.push(`You are out of office until ${d.oooUntil} — \`/okr back\` resumes check-ins`);
  blocks.push(context(meta.join(' · ')));
  if (d.canAddKrs) blocks.push(actions('home:okrs', [button('➕ Add a key result', HOME_NEW_KR_ACTION, 'new')]));

  if (d.items.length === 0) {
    blocks.push(section('You own no key results in this cycle.'));
  } else {
    const budget = LIMITS.surfaceBlocks - TEAM_RESERVE;
    let objective = '';
    let shown = 0;
    for (const item of d.items) {
      const needed = item.kr.objectiveKey !== objective ? 2 : 1;
      if (blocks.length + needed > budget) break;
      if (item.kr.objectiveKey !== objective) {
        objective = item.kr.objectiveKey;
        blocks.push(section(`*${item.kr.objectiveKey} · ${safeText(item.kr.objectiveTitle, 300)}*`));
      }
      const canCheckIn = d.week !== null && item.kr.status === 'active';
      blocks.push(
        section(krLine(item), {
          block_id: `home:kr:${item.kr.id}`,
          ...(canCheckIn && {
            accessory: button(item.checkedInThisWeek ? 'Edit' : 'Check in', ACTION.homeCheckin, encodePayload({ k: item.kr.id, w: d.week! }), item.checkedInThisWeek ? undefined : 'primary'),
          }),
        }),
      );
      shown++;
    }
    if (shown < d.items.length) blocks.push(context(`…and ${plural(d.items.length - shown, 'more key result')} — \`/okr mine\` lists them all.`));
  }

  const risky = d.teams.filter((t) => t.digest.offTrack.length + t.digest.atRisk.length > 0);
  blocks.push(divider(), header('At risk in your teams this week'));
  if (risky.length === 0) {
    blocks.push(section(d.teams.length ? 'Nothing off-track or at-risk in your teams this week. 🎉' : 'You are in no team yet.'));
  }
  for (const t of risky) {
    if (blocks.length >= LIMITS.surfaceBlocks - 1) {
      blocks.push(context('…more teams have at-risk key results.'));
      break;
    }
    const items = [...t.digest.offTrack, ...t.digest.atRisk];
    const lines = items.slice(0, 8).map((i) => `${scoreText(i.checkin.confidence)} *${i.kr.key}* ${safeText(i.kr.title, 150)} — ${safeText(i.checkin.evidence, 200)}`);
    if (items.length > 8) lines.push(`_…and ${items.length - 8} more — \`/okr digest ${safeText(t.name, 60)}\`_`);
    blocks.push(section(`*${safeText(t.name, 80)}*\n${lines.join('\n')}`));
  }
  return { type: 'home', blocks };
}
