/** What `/okr help` lists, and the usage line each command's error ends with. */

export const USAGE: Record<string, string> = {
  help: '`/okr help` — this list',
  mine: '`/okr mine` — your key results with their latest score and trend',
  show: '`/okr show O1-KR2 [cycle]` — weekly history of a key result, with evidence and decisions (closed cycles too)',
  checkin: '`/okr checkin [O1-KR2]` — check in now',
  edit: '`/okr edit O1-KR2` — change a key result’s title, owner, baseline, target, unit or status (owner or admin)',
  link: '`/okr link O1-KR2[,O1-KR3] https://… [title]` — link work (an epic, a PRD, a PR) to key results',
  new: '`/okr new` — add a key result (or, admins, an objective) in a form that flags the framework’s red flags',
  digest: '`/okr digest [team]` — preview a team’s at-risk digest (only you see it)',
  decide: '`/okr decide O1-KR2 double-down|pivot|stop <rationale>` — log a mid-cycle decision',
  grade:
    '`/okr grade O1-KR2 0.7 [what worked, what didn’t]` — grade a key result 0.0–1.0 at cycle end, with its learning',
  ooo: '`/okr ooo 2027-02-20` — pause your check-ins until that date (inclusive)',
  back: '`/okr back` — resume check-ins',
  team:
    '`/okr team <name> channel #channel` · `… schedule monday 10:00 [Europe/Berlin]` · `… cadence weekly|biweekly`' +
    ' · `… escalate 2|on|off` · `… leads @lead [@lead2]|none` — admins',
  cycle: '`/okr cycle start [name]` · `/okr cycle close` — admins',
  overview: '`/okr overview` — preview this week’s leadership roll-up (only you see it)',
  leadership: '`/okr leadership channel #channel` · `/okr leadership off` — where the weekly roll-up goes (admins)',
  'away-statuses':
    '`/okr away-statuses :palm_tree: vacation "out of office"` · `… default` — Slack statuses that mean away (admins)',
  admins:
    '`/okr admins` — who can run okrbot here · `/okr admins add @someone` · `/okr admins remove @someone` (admins)',
};

export function helpText(): string {
  return ['*okrbot* — weekly OKR check-ins. Commands:', ...Object.values(USAGE).map((u) => `• ${u}`)].join('\n');
}
