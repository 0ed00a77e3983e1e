import type { Cycle } from '../db/schema.js';
import { postOnce } from '../services/delivery.js';
import type { AppDeps } from '../services/deps.js';
import type { OwnerWithTeams } from '../store/owners.js';
import { subjects } from '../store/deliveries.js';
import { personLabel } from '../views/people.js';

/** One-off messages: the silence notice in team channels, and alerts to admins. */

export async function postSilenceNotice(
  deps: AppDeps,
  cycle: Cycle,
  owner: OwnerWithTeams,
  week: number,
): Promise<void> {
  const name = personLabel(owner.person);
  for (const team of owner.teams) {
    if (!team.digestChannel) continue;
    const channel = team.digestChannel;
    await postOnce(
      deps,
      {
        purpose: 'silence-notice',
        subject: subjects.silenceNotice(cycle.id, owner.person.id, week, team.id),
        cycleId: cycle.id,
        week,
        personId: owner.person.id,
        teamId: team.id,
      },
      { channel },
      () => ({
        text: `okrbot has paused weekly check-in DMs to ${name} after 3 weeks without an answer. They resume as soon as ${name} checks in (\`/okr checkin\`) or runs \`/okr back\`.`,
      }),
    );
  }
}

export { alertAdmins } from '../services/adminAlerts.js';
