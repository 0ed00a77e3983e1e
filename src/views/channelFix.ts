/**
 * What an admin should do when okrbot cannot post in a channel, by Slack's error. `setAnother` is
 * the command that picks another channel. Slack answers `channel_not_found` for a private channel
 * the bot is not in (to a bot outside it, it does not exist), so that error is read as "maybe
 * private" first: the fix is an invitation, not a new channel.
 */
export function channelFix(error: string, setAnother: string): string {
  switch (error) {
    case 'not_in_channel':
      return 'Invite me there with `/invite @okrbot`.';
    case 'channel_not_found':
      return `If it is a private channel, invite me there with \`/invite @okrbot\` (Slack hides private channels from apps that are not in them); if it was deleted, set another with ${setAnother}.`;
    case 'is_archived':
      return `It is archived: unarchive it, or set another with ${setAnother}.`;
    case 'no_channel':
      return `Set one with ${setAnother}.`;
    case 'invalid_blocks':
    case 'msg_blocks_too_long':
    case 'msg_too_long':
      return "Slack refused the message itself: that is a fault in okrbot, not in your setup. It is in okrbot's log; please report it.";
    default:
      return `Check that I may post there, or set another with ${setAnother}.`;
  }
}
