import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { isDistributed } from '../config.js';
import { okrMcpServer } from '../mcp/server.js';
import { assistantUser } from '../services/assistant.js';
import { installedWorkspaceId, workspaceLabel } from './workspaceDb.js';
import { listInstalledWorkspaces } from '../store/workspaces.js';
import { UsageError, type CommandContext } from './context.js';
import { slackCommandDeps } from './slackDeps.js';

type Values = Record<string, string | boolean | undefined>;

/**
 * `okrbot mcp --as <Slack user id or email>`: MCP over stdio for one person's AI assistant, acting as
 * that person with exactly their rights. stdout is the protocol; logs go to stderr.
 */
export async function mcpCommand(ctx: CommandContext, values: Values): Promise<number> {
  if (typeof values.as !== 'string' || !values.as.trim())
    throw new UsageError('--as <Slack user id or email> is required: the assistant acts as that person');
  const { config, db, tenancy, close } = await slackCommandDeps(ctx, values, () => new Date());
  try {
    const team = ctx.workspace();
    if (isDistributed(config) && team === undefined) {
      const installed = (await listInstalledWorkspaces(db)).filter((w) => w.slackTeamId).map(workspaceLabel);
      throw new UsageError(`say which workspace with --workspace T… (installed: ${installed.join(', ') || 'none'})`);
    }
    if (team !== undefined) await installedWorkspaceId(db, team);
    const deps = team === undefined ? (await tenancy.all())[0]! : (await tenancy.forTeam(team))!;
    const who = await assistantUser(deps, values.as);
    if (!who.ok) {
      ctx.io.err(`okrbot does not know "${values.as}": give a Slack user id (U…) or the email of someone in Slack.`);
      return 2;
    }
    const server = okrMcpServer(deps, who.slackUserId);
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = resolve;
      process.stdin.once('end', resolve);
    });
    await server.connect(transport);
    await closed;
    await server.close();
    return 0;
  } finally {
    await close();
  }
}
