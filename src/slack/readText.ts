import type { AppDeps } from '../services/deps.js';
import { mentionNames } from '../services/people.js';
import { mentionedUsers, type NameOf } from './inboundText.js';

/** Who `<@U…>` mentions in a text from Slack are, by name, for decodeSlackText. */
export async function namesFor(deps: AppDeps, text: string): Promise<NameOf> {
  const ids = mentionedUsers(text);
  if (ids.length === 0) return () => undefined;
  const names = await mentionNames(deps, ids);
  return (id) => names.get(id);
}
