/**
 * The parts of Slack's Web API responses okrbot reads, per method. Each path was checked to exist
 * in Slack's recorded response for that method (java-slack-sdk json-logs/samples/api/<method>.json,
 * at 86ff7ca99, 2026-12-05): what we read must be in the real response, not only in our fake's.
 * `[]` is "every element of the array". tests/contract/responses.test.ts checks the fake answers
 * with each of them, so a fake that drifts from Slack's shape fails there.
 */
export const READ_PATHS: Record<string, string[]> = {
  'chat.postMessage': ['ok', 'channel', 'ts', 'message.ts'],
  'chat.update': ['ok', 'channel', 'ts'],
  'conversations.history': [
    'messages[].ts',
    'messages[].metadata.event_type',
    'messages[].metadata.event_payload',
    'has_more',
    'response_metadata.next_cursor',
  ],
  'conversations.replies': [
    'messages[].ts',
    'messages[].metadata.event_type',
    'messages[].metadata.event_payload',
    'has_more',
    'response_metadata.next_cursor',
  ],
  'conversations.open': ['channel.id'],
  'users.info': [
    'user.id',
    'user.deleted',
    'user.is_bot',
    'user.tz',
    'user.name',
    'user.real_name',
    'user.profile.display_name',
    'user.profile.real_name',
    'user.profile.email',
  ],
  'users.lookupByEmail': ['user.id', 'user.deleted', 'user.tz', 'user.profile.email'],
  'files.getUploadURLExternal': ['upload_url', 'file_id'],
  'files.completeUploadExternal': ['files[].id'],
  'files.info': ['file.id', 'file.mimetype'],
  'auth.test': ['user_id', 'team_id', 'bot_id', 'team'],
  'views.publish': ['view.id'],
  'views.open': ['view.id'],
};

/** Every path of a JSON value, arrays as `[]`. */
export function pathsOf(v: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) pathsOf(x, `${prefix}[]`, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = prefix ? `${prefix}.${k}` : k;
      out.add(p);
      pathsOf(x, p, out);
    }
  }
  return out;
}
