/** The OAuth (many workspaces) configuration the fake Slack's OAuth accepts, for harness-based tests. */
export const TOKEN_KEY = Buffer.alloc(32, 3).toString('base64');

export const oauthConfig = {
  SLACK_BOT_TOKEN: undefined,
  SLACK_CLIENT_ID: '1111.2222',
  SLACK_CLIENT_SECRET: 'fake-client-secret',
  SLACK_STATE_SECRET: 'a-state-secret-of-enough-length',
  OKRBOT_TOKEN_KEY: TOKEN_KEY,
};
