import type { Team } from '../db/schema.js';
import type { DigestSelection } from '../domain/digest.js';
import {
  actions,
  button,
  context,
  divider,
  header,
  LIMITS,
  safeText,
  section,
  type Block,
  type HomeView,
} from './blocks.js';
import { ACTION, encodePayload, scoreText } from './checkinMessage.js';
import { plural, streakText } from './text.js';
import type { MineItem } from './krViews.js';
import { krLine } from './krViews.js';
import { renderTeamsAdmin } from './teamSettings.js';

/** App Home: my KRs by objective with trend and a check-in button each; my teams' at-risk KRs below. */

export interface HomeData {
  cycleName: string | null;
  week: number | null;
  weekRange: string | null;
  items: Array<MineItem & { checkedInThisWeek: boolean }>;
  teams: Array<{ name: string; digest: DigestSelection }>;
  oooUntil: string | null;
  /** Away by their Slack status (domain/away.ts): no DMs until it changes or expires. */
  awayByStatus?: boolean;
  /** The owner's on-time streak (weeks in a row with every KR answered). */
  streak?: number;
  /** Whether to offer "Add a key result" (admins, and owners of KRs in this cycle). */
  canAddKrs?: boolean;
  /** For an admin with no active cycle: what exists so far, to say what to do next. */
  setup?: { admin: boolean; teams: number; teamsWithChannel: number; plannedCycle: string | null };
  /** Admins: every team with its settings (the admin section at the end). */
  teamsAdmin?: Team[];
  leadershipChannel?: string | null;
}

/** Appends the admin section when it fits Slack's 100 blocks; otherwise a pointer to `/okr team`. */
function withTeamsAdmin(blocks: Block[], teams: Team[] | undefined, leadershipChannel: string | null = null): HomeView {
  if (teams) {
    const admin = [divider(), ...renderTeamsAdmin(teams, leadershipChannel)];
    if (blocks.length + admin.length <= LIMITS.surfaceBlocks) blocks.push(...admin);
    else if (blocks.length < LIMITS.surfaceBlocks)
      blocks.push(
        context(
          'Team settings: `/okr team <name> channel #c` · `/okr team <name> schedule monday 10:00 Europe/Berlin`',
        ),
      );
  }
  return { type: 'home', blocks };
}

export const HOME_NEW_KR_ACTION = 'home:new_kr';
export const HOME_EDIT_KR_ACTION = 'home:edit_kr';

/** Blocks kept back for the teams section and "more" lines. */
const TEAM_RESERVE = 20;

export function renderHome(d: HomeData): HomeView {
  const blocks: Block[] = [];
  if (!d.cycleName) return firstRunHome(d);
  blocks.push(header(`Your key results — ${d.cycleName}`));
  const meta = [d.week ? `Week ${d.week} · ${d.weekRange}` : 'Outside the cycle weeks'];
  if (d.oooUntil) meta.push(`You are out of office until ${d.oooUntil} — \`/okr back\` resumes check-ins`);
  if (d.awayByStatus) meta.push('Your Slack status says you are away: no check-in DMs until it changes');
  if (d.streak) meta.push(streakText(d.streak));
  blocks.push(context(meta.join(' · ')));
  if (d.canAddKrs) {
    blocks.push(
      actions('home:okrs', [
        button('➕ Add a key result', HOME_NEW_KR_ACTION, 'new'),
        ...(d.items.length ? [button('✏️ Edit a key result', HOME_EDIT_KR_ACTION, 'pick')] : []),
      ]),
    );
  }

  blocks.push(...myKrBlocks(d, blocks.length));

  blocks.push(...teamRiskBlocks(d, blocks.length));
  return withTeamsAdmin(blocks, d.teamsAdmin, d.leadershipChannel);
}

/** Before any cycle: what an admin does to get started (a short note for everyone else). */
function firstRunHome(d: HomeData): HomeView {
  const blocks: Block[] = [];
  blocks.push(header('okrbot'));
  if (!d.setup?.admin) {
    blocks.push(
      section(
        'There is no active OKR cycle yet. An okrbot admin sets one up; until then there is nothing to check in on.',
      ),
    );
    return { type: 'home', blocks };
  }
  const s = d.setup;
  const done = (ok: boolean) => (ok ? '✅' : '⬜');
  blocks.push(
    section('*Welcome — here is how to get your first OKR cycle running:*'),
    section(
      [
        `${done(s.teams > 0)} *1. Add your OKRs.* Write them as a YAML or CSV file (see \`examples/okrs.example.yaml\`) and run \`okrbot import okrs.yaml\` — teams and the cycle come with the file. Then \`/okr new\` adds more in Slack.`,
        `${done(s.teams > 0 && s.teamsWithChannel === s.teams)} *2. Pick each team's channel* for its at-risk digest: \`/okr team <name> channel #channel\`, and \`/invite @okrbot\` there. ${s.teams ? `(${s.teamsWithChannel} of ${s.teams} teams have one.)` : ''}`,
        `${done(false)} *3. Start the cycle*: it starts by itself on its start date, or now with \`/okr cycle start\`${s.plannedCycle ? ` (planned: ${safeText(s.plannedCycle, 80)})` : ''}. Owners then get their first check-in DM at their team's check-in time.`,
      ].join('\n\n'),
    ),
    context(
      'You see this because you are an okrbot admin (`/okr admins`). Everyone else sees a short note until the cycle starts.',
    ),
  );
  return withTeamsAdmin(blocks, d.teamsAdmin, d.leadershipChannel);
}

/** The person's KRs by objective, with a check-in button each, within the surface's blocks (`used` so far). */
function myKrBlocks(d: HomeData, used: number): Block[] {
  const out: Block[] = [];
  if (d.items.length === 0) {
    out.push(section('You own no key results in this cycle.'));
  } else {
    const budget = LIMITS.surfaceBlocks - TEAM_RESERVE;
    let objective = '';
    let shown = 0;
    for (const item of d.items) {
      const needed = item.kr.objectiveKey !== objective ? 2 : 1;
      if (used + out.length + needed > budget) break;
      if (item.kr.objectiveKey !== objective) {
        objective = item.kr.objectiveKey;
        out.push(section(`*${item.kr.objectiveKey} · ${safeText(item.kr.objectiveTitle, 300)}*`));
      }
      const canCheckIn = d.week !== null && item.kr.status === 'active';
      out.push(
        section(krLine(item), {
          block_id: `home:kr:${item.kr.id}`,
          ...(canCheckIn && {
            accessory: button(
              item.checkedInThisWeek ? 'Edit' : 'Check in',
              ACTION.homeCheckin,
              encodePayload({ k: item.kr.id, w: d.week! }),
              item.checkedInThisWeek ? undefined : 'primary',
            ),
          }),
        }),
      );
      shown++;
    }
    if (shown < d.items.length)
      out.push(context(`…and ${plural(d.items.length - shown, 'more key result')} — \`/okr mine\` lists them all.`));
  }
  return out;
}

/** What is at risk in the person's teams this week (`used` blocks so far). */
function teamRiskBlocks(d: HomeData, used: number): Block[] {
  const out: Block[] = [];
  const risky = d.teams.filter((t) => t.digest.offTrack.length + t.digest.atRisk.length > 0);
  out.push(divider(), header('At risk in your teams this week'));
  if (risky.length === 0) {
    out.push(
      section(d.teams.length ? 'Nothing off-track or at-risk in your teams this week. 🎉' : 'You are in no team yet.'),
    );
  }
  for (const t of risky) {
    if (used + out.length >= LIMITS.surfaceBlocks - 1) {
      out.push(context('…more teams have at-risk key results.'));
      break;
    }
    const items = [...t.digest.offTrack, ...t.digest.atRisk];
    const lines = items
      .slice(0, 8)
      .map(
        (i) =>
          `${scoreText(i.checkin.confidence)} *${i.kr.key}* ${safeText(i.kr.title, 150)} — ${safeText(i.checkin.evidence, 200)}`,
      );
    if (items.length > 8) lines.push(`_…and ${items.length - 8} more — \`/okr digest ${safeText(t.name, 60)}\`_`);
    out.push(section(`*${safeText(t.name, 80)}*\n${lines.join('\n')}`));
  }
  return out;
}
