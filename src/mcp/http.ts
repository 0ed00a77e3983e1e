import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { CustomRoute } from '@slack/bolt';
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.js';
import type { AppDeps } from '../services/deps.js';
import { okrMcpServer } from './server.js';

/**
 * MCP over streamable HTTP at `/mcp`, beside Slack's endpoint, when OKRBOT_MCP_TOKENS is set. Each
 * token stands for one Slack user (`T…:U…` with many workspaces): whoever presents it acts as that
 * person, with their rights. Stateless: each request gets its own server, so replicas need no
 * shared session state.
 */

export interface McpGrant {
  token: string;
  teamId: string | null;
  slackUserId: string;
}

/** `token=U…` or `token=T…:U…`, comma-separated (config.ts checks the shape). */
export function parseMcpTokens(raw: string | undefined): McpGrant[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [token, who] = entry.split('=') as [string, string];
      const [teamId, slackUserId] = who.includes(':') ? who.split(':') : [null, who];
      return { token, teamId: teamId ?? null, slackUserId: slackUserId! };
    });
}

function grantFor(grants: McpGrant[], header: string | undefined): McpGrant | undefined {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7).trim() : '');
  return grants.find((g) => {
    const wanted = Buffer.from(g.token);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  });
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(status === 401 && { 'www-authenticate': 'Bearer realm="okrbot mcp"' }),
  });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message }, id: null }));
}

export function mcpRoute(
  grants: McpGrant[],
  depsFor: (grant: McpGrant) => Promise<AppDeps | null>,
  logger: Logger,
): CustomRoute {
  return {
    path: '/mcp',
    method: ['POST', 'GET', 'DELETE'],
    handler: (req: IncomingMessage & { rawBody?: Buffer }, res: ServerResponse) => {
      const grant = grantFor(grants, req.headers.authorization);
      if (!grant) return refuse(res, 401, 'okrbot MCP needs Authorization: Bearer <a token from OKRBOT_MCP_TOKENS>');
      void serve(grant, req, res).catch((e: unknown) => {
        logger.error('mcp request failed', { error: e instanceof Error ? e : String(e) });
        if (!res.headersSent) refuse(res, 500, 'okrbot could not answer this request');
      });
    },
  };

  async function serve(grant: McpGrant, req: IncomingMessage & { rawBody?: Buffer }, res: ServerResponse) {
    const deps = await depsFor(grant);
    if (!deps) return refuse(res, 403, `okrbot does not serve workspace ${grant.teamId ?? ''} any more`);
    const server = okrMcpServer(deps, grant.slackUserId);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => void transport.close().then(() => server.close()));
    await server.connect(transport);
    const parsed = req.rawBody ? (JSON.parse(req.rawBody.toString('utf8')) as unknown) : undefined;
    await transport.handleRequest(req, res, parsed);
  }
}
