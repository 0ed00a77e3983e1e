import { parseGrade } from '../domain/grading.js';
import { DEFAULT_ESCALATE_AFTER_WEEKS } from '../domain/teamSettings.js';
import { isClockTime, isIsoDate, isValidZone, parseWeekday } from '../domain/time.js';
import { KR_ID } from '../okrs/format.js';
import { escapeMrkdwn } from '../views/blocks.js';
import { helpText, USAGE } from './okrUsage.js';
import { parseChannel, parseLink, parseUser } from './slackMarkup.js';
import { decodeSlackText, type NameOf } from './inboundText.js';

/**
 * `/okr …` text → a command, or a message naming what was wrong and the right form. Pure. The text
 * is Slack's (escaped, with `<…>` markup, should_escape on): ids, channels, people and links are read
 * from the markup; free text (rationale, learning, titles, names) is decoded to what the person
 * typed; anything echoed back in an error is decoded, then escaped, so it shows as typed and never pings.
 */

export type DecisionKind = 'double_down' | 'pivot' | 'stop';

export type OkrCommand =
  | { kind: 'help' }
  | { kind: 'mine' }
  | { kind: 'show'; kr: string; cycle?: string }
  | { kind: 'checkin'; kr?: string }
  | { kind: 'digest'; team?: string }
  | { kind: 'decide'; kr: string; decision: DecisionKind; rationale: string }
  | { kind: 'grade'; kr: string; grade: number; learning?: string }
  | { kind: 'ooo'; until: string }
  | { kind: 'back' }
  | { kind: 'new' }
  | { kind: 'link'; krs: string[]; url: string; title?: string }
  | { kind: 'edit'; kr: string }
  | { kind: 'team-channel'; team: string; channel: string }
  | { kind: 'team-schedule'; team: string; weekday: number; time: string; timezone?: string }
  | { kind: 'team-cadence'; team: string; cadence: string }
  | { kind: 'team-escalate'; team: string; afterWeeks: number | null }
  | { kind: 'team-leads'; team: string; leads: string[] }
  | { kind: 'cycle'; action: 'start' | 'close'; name?: string }
  | { kind: 'overview' }
  | { kind: 'leadership'; channel?: string | null }
  | { kind: 'admins'; action?: 'add' | 'remove'; user?: string }
  | { kind: 'away-statuses'; markers?: string[] };

export type ParsedCommand = OkrCommand | { kind: 'error'; message: string };

export { helpText, USAGE } from './okrUsage.js';
export { parseChannel, parseLink, parseUser } from './slackMarkup.js';

const error = (message: string, usage?: string): ParsedCommand => ({
  kind: 'error',
  message: usage ? `${message}\nUsage: ${USAGE[usage]}` : message,
});

/** Input echoed back in a message: as the person typed it, escaped for mrkdwn. */
const shown = (raw: string) => escapeMrkdwn(decodeSlackText(raw));

function krId(raw: string | undefined, usage: string): string | ParsedCommand {
  if (!raw) return error('Which key result?', usage);
  const id = raw.toUpperCase();
  if (!KR_ID.test(id)) return error(`"${shown(raw)}" is not a key result id (like O1-KR2).`, usage);
  return id;
}

/** Words of the text; Slack markup (`<https://x|a label>`, `<@U1|Maria Lopez>`) is one word even with spaces. */
function tokenize(text: string): Array<{ word: string; end: number }> {
  return [...text.matchAll(/(?:<[^<>]*>|[^\s<])+|</g)].map((m) => ({ word: m[0], end: m.index + m[0].length }));
}

export function parseOkrCommand(text: string, names?: NameOf): ParsedCommand {
  const tokens = tokenize(text);
  const [sub, ...args] = tokens.map((t) => t.word);
  /** The free text after the first n arguments, decoded (line breaks and spacing kept). */
  const rest = (n: number) => {
    const from = tokens[n];
    return from ? decodeSlackText(text.slice(from.end), names).trim() : '';
  };
  /** Arguments from the nth on, decoded, as one name (a team, a cycle). */
  const joined = (from: number, to?: number) => decodeSlackText(args.slice(from, to).join(' '), names);
  const a: Args = { args, rest, joined };
  switch (sub?.toLowerCase()) {
    case undefined:
    case 'help':
      return { kind: 'help' };
    case 'mine':
      return args.length ? error('`mine` takes no arguments.', 'mine') : { kind: 'mine' };
    case 'show':
      return showCommand(a);
    case 'checkin':
    case 'check-in':
      return checkinCommand(a);
    case 'digest':
      return args.length ? { kind: 'digest', team: joined(0) } : { kind: 'digest' };
    case 'decide':
      return decideCommand(a);
    case 'grade':
      return gradeCommand(a);
    case 'ooo':
      return oooCommand(a);
    case 'back':
      return args.length ? error('`back` takes no arguments.', 'back') : { kind: 'back' };
    case 'edit':
      return editCommand(a);
    case 'link':
      return linkCommand(a);
    case 'new':
    case 'create':
      return args.length ? error('`new` takes no arguments: it opens a form.', 'new') : { kind: 'new' };
    case 'team':
      return teamCommand(a);
    case 'cycle':
      return cycleCommand(a);
    case 'overview':
      return args.length ? error('`overview` takes no arguments.', 'overview') : { kind: 'overview' };
    case 'leadership':
      return leadershipCommand(a);
    case 'admins':
    case 'admin':
      return adminsCommand(a);
    case 'away-statuses':
    case 'away-status': {
      // Emoji as Slack sends them (:palm_tree:) and words; quoted phrases may hold spaces.
      const text = a.joined(0);
      // Quotes as typed, or as Slack clients curl them (“…”).
      const markers = [...text.matchAll(/["“]([^"”]+)["”]|(\S+)/g)].map((m) => (m[1] ?? m[2])!.trim()).filter(Boolean);
      return markers.length ? { kind: 'away-statuses', markers } : { kind: 'away-statuses' };
    }
    default:
      return error(`I don't know "/okr ${shown(sub)}".\n${helpText()}`);
  }
}

function showCommand({ args, joined }: Args): ParsedCommand {
  const kr = krId(args[0], 'show');
  if (typeof kr !== 'string') return kr;
  if (args.length > 2) return error('`show` takes one key result id, and optionally a cycle name.', 'show');
  return { kind: 'show', kr, ...(args[1] && { cycle: joined(1) }) };
}

function checkinCommand({ args }: Args): ParsedCommand {
  if (args.length === 0) return { kind: 'checkin' };
  const kr = krId(args[0], 'checkin');
  return typeof kr === 'string'
    ? args.length > 1
      ? error('`checkin` takes at most one key result id.', 'checkin')
      : { kind: 'checkin', kr }
    : kr;
}

function oooCommand({ args }: Args): ParsedCommand {
  if (args.length !== 1 || !isIsoDate(args[0]!))
    return error(args[0] ? `"${shown(args[0])}" is not a date YYYY-MM-DD.` : 'Until when?', 'ooo');
  return { kind: 'ooo', until: args[0]! };
}

function editCommand({ args }: Args): ParsedCommand {
  const id = krId(args[0], 'edit');
  if (typeof id !== 'string') return id;
  return args.length > 1
    ? error('`edit` takes just the key result id: it opens a form.', 'edit')
    : { kind: 'edit', kr: id };
}

/** A subcommand's arguments: the words, free text after the nth, words joined as a name (all decoded). */
interface Args {
  args: string[];
  rest: (n: number) => string;
  joined: (from: number, to?: number) => string;
}

function decideCommand({ args, rest }: Args): ParsedCommand {
  const kr = krId(args[0], 'decide');
  if (typeof kr !== 'string') return kr;
  const raw = args[1]?.toLowerCase().replace(/_/g, '-');
  const decision =
    raw === 'double-down' || raw === 'doubledown'
      ? 'double_down'
      : raw === 'pivot'
        ? 'pivot'
        : raw === 'stop'
          ? 'stop'
          : null;
  if (!decision)
    return error(`Decide one of double-down, pivot or stop${args[1] ? `, not "${shown(args[1])}"` : ''}.`, 'decide');
  const rationale = rest(2);
  if (!rationale) return error('Add the rationale: why this decision?', 'decide');
  return { kind: 'decide', kr, decision, rationale };
}

function gradeCommand({ args, rest }: Args): ParsedCommand {
  const kr = krId(args[0], 'grade');
  if (typeof kr !== 'string') return kr;
  if (args.length < 2) return error('Give one grade from 0.0 to 1.0.', 'grade');
  const g = parseGrade(args[1]!);
  const learning = rest(2);
  return g.ok ? { kind: 'grade', kr, grade: g.grade, ...(learning && { learning }) } : error(`${g.error}.`, 'grade');
}

function linkCommand({ args, rest }: Args): ParsedCommand {
  const ids = (args[0] ?? '').split(',').filter(Boolean);
  if (ids.length === 0) return error('Which key result(s)?', 'link');
  const krs: string[] = [];
  for (const raw of ids) {
    const id = krId(raw, 'link');
    if (typeof id !== 'string') return id;
    krs.push(id);
  }
  const link = parseLink(args[1]);
  if (!link) return error(args[1] ? `"${shown(args[1])}" is not a web link (https://…).` : 'Which link?', 'link');
  const title = rest(2) || link.label;
  return { kind: 'link', krs, url: link.url, ...(title && { title }) };
}

const TEAM_SETTINGS = ['channel', 'schedule', 'cadence', 'escalate', 'leads'];

function teamCommand({ args, joined }: Args): ParsedCommand {
  const i = args.findIndex((a, idx) => idx > 0 && TEAM_SETTINGS.includes(a.toLowerCase()));
  if (i < 1) return error('Say which team and what to set.', 'team');
  const team = joined(0, i);
  const settings = args.slice(i + 1);
  const what = args[i]!.toLowerCase();
  if (what === 'cadence' || what === 'escalate' || what === 'leads') return followThrough(team, what, settings);
  if (what === 'channel') {
    const channel = settings.length === 1 ? parseChannel(settings[0]!) : null;
    return channel ? { kind: 'team-channel', team, channel } : error('Name one channel, e.g. #okr-discovery.', 'team');
  }
  const [dayRaw, time, timezone, ...extra] = settings;
  const weekday = dayRaw ? parseWeekday(dayRaw) : null;
  if (weekday === null) return error(`"${shown(dayRaw ?? '')}" is not a weekday (monday … sunday).`, 'team');
  if (!time || !isClockTime(time)) return error(`"${shown(time ?? '')}" is not a time HH:MM (24h).`, 'team');
  if (timezone && !isValidZone(timezone))
    return error(`"${shown(timezone)}" is not a time zone like Europe/Berlin.`, 'team');
  if (extra.length) return error(`Unexpected "${shown(extra.join(' '))}".`, 'team');
  return { kind: 'team-schedule', team, weekday, time, ...(timezone && { timezone }) };
}

/** `/okr team <name> cadence|escalate|leads …`: the values are checked by the team-settings rule. */
function followThrough(team: string, what: 'cadence' | 'escalate' | 'leads', settings: string[]): ParsedCommand {
  if (what === 'cadence') {
    if (settings.length !== 1) return error('Say weekly or biweekly.', 'team');
    return { kind: 'team-cadence', team, cadence: decodeSlackText(settings[0]!) };
  }
  if (what === 'escalate') {
    const v = settings.length === 1 ? settings[0]!.toLowerCase() : '';
    if (v === 'off') return { kind: 'team-escalate', team, afterWeeks: null };
    if (v === 'on') return { kind: 'team-escalate', team, afterWeeks: DEFAULT_ESCALATE_AFTER_WEEKS };
    if (!/^\d+$/.test(v)) return error('Say after how many missed weeks (e.g. 2), on (2) or off.', 'team');
    return { kind: 'team-escalate', team, afterWeeks: Number(v) };
  }
  if (settings.length === 1 && settings[0]!.toLowerCase() === 'none') return { kind: 'team-leads', team, leads: [] };
  const leads = settings.map(parseUser);
  const bad = settings.find((_, n) => leads[n] === null);
  if (settings.length === 0 || bad !== undefined)
    return error(
      bad ? `"${shown(bad)}" is not a person: mention them (@name).` : 'Mention the leads, or say none.',
      'team',
    );
  return { kind: 'team-leads', team, leads: leads as string[] };
}

function cycleCommand({ args, joined }: Args): ParsedCommand {
  const action = args[0]?.toLowerCase();
  if (action === 'start') return { kind: 'cycle', action, ...(args.length > 1 && { name: joined(1) }) };
  if (action === 'close')
    return args.length > 1
      ? error('`cycle close` closes the active cycle; it takes no name.', 'cycle')
      : { kind: 'cycle', action };
  return error(`Use start or close${args[0] ? `, not "${shown(args[0])}"` : ''}.`, 'cycle');
}

function leadershipCommand({ args }: Args): ParsedCommand {
  if (args.length === 0) return { kind: 'leadership' };
  if (args.length === 1 && args[0]!.toLowerCase() === 'off') return { kind: 'leadership', channel: null };
  const channel = args[0]!.toLowerCase() === 'channel' && args.length === 2 ? parseChannel(args[1]!) : null;
  return channel ? { kind: 'leadership', channel } : error('Name one channel, e.g. #okr-leadership.', 'leadership');
}

function adminsCommand({ args }: Args): ParsedCommand {
  if (args.length === 0) return { kind: 'admins' };
  const action = args[0]!.toLowerCase();
  if (action !== 'add' && action !== 'remove') return error(`Use add or remove, not "${shown(args[0]!)}".`, 'admins');
  const user = args.length === 2 ? parseUser(args[1]!) : null;
  if (user) return { kind: 'admins', action, user };
  if (args.length !== 2) return error(`Name one person to ${action}, e.g. @maria.`, 'admins');
  return error(`"${shown(args[1]!)}" is not a person: mention them, e.g. @maria.`, 'admins');
}
