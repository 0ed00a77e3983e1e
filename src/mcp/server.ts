import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import {
  assistantCheckin,
  assistantDigest,
  assistantProposal,
  assistantReport,
  listKeyResults,
} from '../services/assistant.js';
import type { AppDeps } from '../services/deps.js';
import { showKr } from '../services/krQueries.js';
import { weekRangeText } from '../services/weeklyDm.js';
import {
  checkinJson,
  digestJson,
  krDetailMarkdown,
  krItemJson,
  krJson,
  markdownOf,
  scoreWords,
} from '../views/assistant.js';
import { renderDigestText } from '../views/digestText.js';
import { krLine } from '../views/krViews.js';
import { renderReportMarkdown } from '../views/reportMarkdown.js';
import { registerResources } from './resources.js';

/**
 * okrbot for AI assistants: one MCP server per connection, acting as one Slack user. Every tool is
 * a thin adapter over services/assistant.ts (the same rules as Slack's surfaces); names are fixed so
 * assistants' prompts stay stable. Refusals come back as tool errors that say why; nothing is stored.
 */

const VERSION = '0.1.0';

/** An answer already in Markdown (views/assistant.ts, the report), with its data. */
const markdown = (text: string, structured?: Record<string, unknown>): CallToolResult => ({
  content: [{ type: 'text', text }],
  ...(structured && { structuredContent: structured }),
});
/** An answer worded for Slack (the views Slack's surfaces use), turned into Markdown. */
const ok = (mrkdwn: string, structured?: Record<string, unknown>): CallToolResult =>
  markdown(markdownOf(mrkdwn), structured);
const refused = (text: string): CallToolResult => ({
  content: [{ type: 'text', text: markdownOf(text) }],
  isError: true,
});

export function okrMcpServer(deps: AppDeps, slackUserId: string): McpServer {
  const server = new McpServer(
    { name: 'okrbot', version: VERSION },
    {
      instructions:
        'okrbot runs a team’s OKRs in Slack. Confidence is 0 off track, 1 at risk, 2 on track, always with evidence. ' +
        `You act as Slack user ${slackUserId}, with exactly their rights.`,
    },
  );
  registerReads(server, deps, slackUserId);
  registerWrites(server, deps, slackUserId);
  registerResources(server, deps);
  return server;
}

function registerReads(server: McpServer, deps: AppDeps, me: string): void {
  server.registerTool(
    'list_key_results',
    {
      description:
        'Key Results of the active cycle — yours, a team’s or all — with the latest confidence, value and trend.',
      inputSchema: { scope: z.enum(['mine', 'team', 'all']).default('mine'), team: z.string().optional() },
      annotations: { readOnlyHint: true },
    },
    async ({ scope, team }) => {
      if (scope === 'team' && !team) return refused('Name the team: scope "team" needs `team`.');
      const r = await listKeyResults(deps, me, scope === 'team' ? { scope, team: team! } : { scope });
      if (!r.ok && r.reason === 'no_cycle') return refused('There is no active OKR cycle.');
      if (!r.ok) return refused(`No team "${team}". Teams: ${r.teams.join(', ')}.`);
      const lines = r.items.map(krLine);
      const head = `${r.cycle.name}${r.week ? `, week ${r.week}` : ''}: ${r.items.length} key results`;
      return ok([head, ...lines].join('\n\n'), {
        cycle: r.cycle.name,
        week: r.week,
        keyResults: r.items.map(krItemJson),
      });
    },
  );
  server.registerTool(
    'get_key_result',
    {
      description: 'One Key Result with its check-ins (evidence), decisions and linked work.',
      inputSchema: { kr_id: z.string().min(1), cycle: z.string().optional() },
      annotations: { readOnlyHint: true },
    },
    async ({ kr_id, cycle }) => {
      const r = await showKr(deps, me, kr_id.trim(), cycle);
      if (r.kind === 'no_cycle') return refused(cycle ? `No cycle named "${cycle}".` : 'There is no OKR cycle yet.');
      if (r.kind === 'no_kr') return refused(`No key result ${kr_id} in ${r.cycleName}.`);
      return markdown(krDetailMarkdown({ ...r, cycleName: r.cycle.name }), {
        cycle: r.cycle.name,
        keyResult: krJson(r.kr),
        checkins: r.checkins.map(checkinJson),
        decisions: r.decisions.map((d) => ({
          kind: d.kind,
          status: d.status,
          rationale: d.rationale,
          at: d.decidedAt,
        })),
        initiatives: r.initiatives,
      });
    },
  );
  registerDigestAndReport(server, deps, me);
}

function registerDigestAndReport(server: McpServer, deps: AppDeps, me: string): void {
  server.registerTool(
    'get_digest',
    {
      description:
        'A team’s at-risk digest for a week (default: this week): off track, at risk, drops, silent greens, missing.',
      inputSchema: { team: z.string().optional(), week: z.number().int().optional() },
      annotations: { readOnlyHint: true },
    },
    async ({ team, week }) => {
      const r = await assistantDigest(deps, me, team, week);
      if (r.kind === 'no_cycle') return refused('There is no active OKR cycle.');
      if (r.kind === 'no_such_team') return refused(`No team "${team}". Teams: ${r.teams.join(', ')}.`);
      if (r.kind === 'which_team') return refused(`Which team? Teams: ${r.teams.join(', ')}.`);
      if (r.kind === 'no_current_week') return refused(`Cycle ${r.cycleName} has no current week.`);
      if (r.kind === 'no_such_week') return refused(`Choose a week from 1 to ${r.current} (this week).`);
      const header = {
        teamName: r.team.name,
        cycleName: r.cycle.name,
        week: r.week,
        weekRange: weekRangeText(r.cycle, r.week),
      };
      return ok(renderDigestText(header, r.selection), {
        team: r.team.name,
        cycle: r.cycle.name,
        ...digestJson(r.selection),
      });
    },
  );
  server.registerTool(
    'get_cycle_report',
    {
      description: 'The cycle report in Markdown (the active cycle, else the most recent; or one by name).',
      inputSchema: { cycle: z.string().optional() },
      annotations: { readOnlyHint: true },
    },
    async ({ cycle }) => {
      const r = await assistantReport(deps, cycle);
      if (!r.ok) return refused(cycle ? `No cycle named "${cycle}".` : 'There is no OKR cycle yet.');
      return markdown(renderReportMarkdown(r.data));
    },
  );
}

function registerWrites(server: McpServer, deps: AppDeps, me: string): void {
  server.registerTool(
    'check_in',
    {
      description:
        'Check in on a Key Result for its owner’s current week: score 0 off track / 1 at risk / 2 on track, with evidence. ' +
        'Only its owner or an okrbot admin can. Updates the weekly DM, App Home and digest as any check-in does.',
      inputSchema: {
        kr_id: z.string().min(1),
        score: z.number().int().min(0).max(2),
        evidence: z.string(),
        risks: z.string().optional(),
        next: z.string().optional(),
        value: z.number().finite().optional(),
      },
    },
    async ({ kr_id, score, evidence, risks, next, value }) => {
      const r = await assistantCheckin(deps, me, {
        key: kr_id.trim(),
        score: score as 0 | 1 | 2,
        evidence,
        risks,
        nextAction: next,
        value,
      });
      if (!r.ok) return refused(r.error);
      const what = r.created ? 'Recorded' : r.changed ? 'Updated' : 'Unchanged:';
      return ok(`${what} ${r.kr.key}, week ${r.week}: ${scoreWords(score as 0 | 1 | 2)}.`, {
        kr_id: r.kr.key,
        week: r.week,
        created: r.created,
        changed: r.changed,
      });
    },
  );
  registerProposal(server, deps, me);
}

function registerProposal(server: McpServer, deps: AppDeps, me: string): void {
  server.registerTool(
    'propose_decision',
    {
      description:
        'Propose a mid-cycle decision on a Key Result — double down, pivot (optionally a new title or target) or stop — ' +
        'with its rationale. It is a proposal: the KR’s owner confirms or rejects it in Slack.',
      inputSchema: {
        kr_id: z.string().min(1),
        decision: z.enum(['double_down', 'pivot', 'stop']),
        rationale: z.string(),
        new_title: z.string().optional(),
        new_target: z.number().finite().optional(),
      },
    },
    async ({ kr_id, decision, rationale, new_title, new_target }) => {
      const r = await assistantProposal(deps, me, {
        key: kr_id.trim(),
        kind: decision,
        rationale,
        newTitle: new_title,
        newTarget: new_target,
      });
      if (!r.ok) return refused(r.error);
      return ok(`Proposed ${decision.replace('_', ' ')} on ${r.kr.key}; its owner confirms or rejects it in Slack.`, {
        kr_id: r.kr.key,
        decision,
        status: r.decision.status,
      });
    },
  );
}
