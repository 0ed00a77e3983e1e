/**
 * The pages an installer sees at the end of the OAuth flow, in place of Bolt's generic "Oops,
 * Something Went Wrong": what happened, what to do next, and a status code that says whose problem
 * it is (4xx: the link or the choice made in Slack; 5xx: okrbot's side).
 */

export type InstallFailure =
  /** The installer pressed Cancel on Slack's page. */
  | 'cancelled'
  /** The redirect came without its state or code, or in another browser, or too late. */
  | 'expired_link'
  /** Slack refused the one-time code (used already, or expired). */
  | 'code_rejected'
  /** An org-wide (Enterprise Grid) install: okrbot installs per workspace. */
  | 'org_wide'
  /** Slack refused okrbot's own client id, secret or redirect URL: the host's configuration. */
  | 'app_misconfigured'
  /** The install could not be saved (database unavailable). */
  | 'not_saved';

export interface Page {
  status: number;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');

function page(status: number, title: string, paragraphs: string[]): Page {
  const html = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)} · okrbot</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style>',
    '</head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    ...paragraphs.map((p) => `<p>${p}</p>`),
    '</body></html>',
  ].join('\n');
  return { status, html };
}

const again = '<a href="/slack/install">Start the install again</a>';

export function installSucceededPage(team: { id: string; name: string | null }, appId?: string): Page {
  const name = escapeHtml(team.name ?? team.id);
  const app = appId
    ? `slack://app?team=${encodeURIComponent(team.id)}&id=${encodeURIComponent(appId)}`
    : `slack://open?team=${encodeURIComponent(team.id)}`;
  return page(200, `okrbot is installed in ${team.name ?? team.id}`, [
    `You installed okrbot in <strong>${name}</strong>, and you are its first okrbot admin.`,
    `Next: <a href="${escapeHtml(app)}">open okrbot in Slack</a> (or <a href="https://app.slack.com/client/${encodeURIComponent(team.id)}">in the browser</a>) and type <code>/okr help</code>. Upload your OKR file in a DM to okrbot, or add Key Results with <code>/okr new</code>.`,
  ]);
}

export function installFailedPage(reason: InstallFailure): Page {
  switch (reason) {
    case 'cancelled':
      return page(403, 'okrbot was not installed', [
        'The install was cancelled in Slack, so okrbot has no access to your workspace.',
        `${again} when you are ready.`,
      ]);
    case 'expired_link':
      return page(400, 'This install link has expired', [
        'The link was opened in another browser, used twice, or is older than ten minutes. Nothing was installed.',
        `${again} from this browser.`,
      ]);
    case 'code_rejected':
      return page(400, 'Slack did not accept this install', [
        'Slack refused the one-time code (it was used already or has expired). Nothing was installed.',
        `${again}.`,
      ]);
    case 'org_wide':
      return page(400, 'okrbot installs per workspace', [
        'You chose to install okrbot for a whole Enterprise Grid organisation. okrbot keeps each workspace’s OKRs, admins and check-ins apart, so it is installed in each workspace on its own; the org-wide install was undone.',
        `${again} and pick one workspace (not the organisation) at the top right of Slack’s page; repeat for each workspace that should use okrbot.`,
      ]);
    case 'app_misconfigured':
      return page(500, 'okrbot is not set up correctly', [
        'Slack refused okrbot’s own credentials (client id, client secret or redirect URL). Nothing was installed.',
        'Tell whoever runs okrbot: the SLACK_CLIENT_ID and SLACK_CLIENT_SECRET must be the app’s, and its redirect URL must end in /slack/oauth_redirect.',
      ]);
    case 'not_saved':
      return page(503, 'okrbot could not save the install', [
        'Slack approved the install, but okrbot could not store it just now. Nothing was installed.',
        `${again} in a minute.`,
      ]);
  }
}
