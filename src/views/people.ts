import { escapeMrkdwn } from './blocks.js';

/** How a person is named in our messages (escaped): their Slack name, else their email, else their id. */
export function personLabel(p: { name: string | null; email: string | null; slackUserId: string | null }): string {
  return escapeMrkdwn(p.name ?? p.email ?? p.slackUserId ?? 'an owner');
}

/** The admins' one alert when an owner's Slack account is deactivated. `who` is already escaped. */
export function renderLeftSlackAlert(who: string, cycleName: string, krKeys: string[]): string {
  const list = krKeys.join(', ');
  return `👋 ${who} left Slack (their account is deactivated), so okrbot no longer asks them for check-ins. They own ${list} in ${escapeMrkdwn(cycleName)}: give ${krKeys.length === 1 ? 'it' : 'each'} a new owner with \`/okr edit ${krKeys[0]}\` (or in the OKR file). Until then the digest shows ${krKeys.length === 1 ? 'it' : 'them'} as "left Slack — reassign".`;
}

/** The reply to `/okr away-statuses`. */
export function awayStatusesText(
  r: { ok: true; markers: string[]; changed: boolean } | { ok: false; reason: 'not_admin' | 'too_many' | 'too_long' },
): string {
  if (!r.ok) {
    if (r.reason === 'not_admin')
      return 'Only okrbot admins (`/okr admins` lists them) can change that. Nothing was changed.';
    if (r.reason === 'too_many') return 'At most 10 away statuses. Nothing was changed.';
    return 'Each away status is at most 50 characters. Nothing was changed.';
  }
  const list = r.markers.map((m) => (m.startsWith(':') ? m : `"${escapeMrkdwn(m)}"`)).join(', ');
  return `${r.changed ? 'Saved. ' : ''}A Slack status with ${list} means away: no check-in DMs or reminders while it lasts (its expiry honoured), and the digest says "away". Slack's Do Not Disturb alone does not count.`;
}
