import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, waitFor, type Harness } from '../helpers/bot.js';

/**
 * MCP over streamable HTTP at /mcp, through the running bot, with the SDK's own client. Each token
 * acts as one Slack user with exactly that user's rights; a check-in through it is stored as the
 * modal's and Slack's surfaces update as after any check-in.
 */

const ANA = 'ana-mcp-token-0123456789abcdef';
const BEN = 'ben-mcp-token-0123456789abcdef';
let h: Harness;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await h?.stop();
});

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: 'okrbot-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${h.base}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

const text = (r: unknown) => (r as { content: Array<{ type: string; text: string }> }).content[0]!.text;
const start = () => startHarness({ config: { OKRBOT_MCP_TOKENS: `${ANA}=U0ANA,${BEN}=U0BEN`, OKRBOT_CHARTS: 'off' } });

describe('MCP over HTTP (/mcp)', () => {
  it('lists the fixed tools and the OKR tree; reads KRs, a digest and the report as the token’s person', async () => {
    h = await start();
    const ana = await connect(ANA);
    expect((await ana.listTools()).tools.map((t) => t.name).sort()).toEqual([
      'check_in',
      'get_cycle_report',
      'get_digest',
      'get_key_result',
      'list_key_results',
      'propose_decision',
    ]);
    const mine = await ana.callTool({ name: 'list_key_results', arguments: { scope: 'mine' } });
    expect((mine.structuredContent as { keyResults: Array<{ id: string }> }).keyResults.map((k) => k.id)).toEqual([
      'O1-KR1',
      'O2-KR1',
    ]);
    const team = await ana.callTool({ name: 'list_key_results', arguments: { scope: 'team', team: 'Platform' } });
    expect((team.structuredContent as { keyResults: unknown[] }).keyResults).toHaveLength(5);
    const nope = await ana.callTool({ name: 'list_key_results', arguments: { scope: 'team', team: 'Nope' } });
    expect(nope.isError).toBe(true);
    expect(text(nope)).toBe('No team "Nope". Teams: Discovery, Platform.');

    const digest = await ana.callTool({ name: 'get_digest', arguments: { team: 'Discovery' } });
    expect(digest.isError).toBeFalsy();
    expect(digest.structuredContent).toMatchObject({ team: 'Discovery', week: 3, total: 5 });
    expect(text(digest)).toContain('Discovery');
    const report = await ana.callTool({ name: 'get_cycle_report', arguments: {} });
    expect(text(report)).toMatch(/^# /);
    const tree = await ana.readResource({ uri: 'okrbot://cycle/active/okrs' });
    const json = JSON.parse((tree.contents[0] as { text: string }).text) as { objectives: Array<{ id: string }> };
    expect(json.objectives.map((o) => o.id).sort()).toEqual(['O1', 'O2', 'O3', 'O4']);
  });

  it('checks in with the owner’s rights: stored as the modal’s, App Home updated; refusals store nothing', async () => {
    h = await start();
    h.slack.recordCalls = true;
    const ana = await connect(ANA);
    const done = await ana.callTool({
      name: 'check_in',
      arguments: { kr_id: 'O1-KR1', score: 1, evidence: 'Adoption is flat at 5,350 & no growth', value: 5350 },
    });
    expect(text(done), text(done)).toBe('Recorded O1-KR1, week 3: at risk.');
    expect(done.isError).toBeFalsy();
    expect(text(done)).toBe('Recorded O1-KR1, week 3: at risk.');
    const rows = await h.db.raw('SELECT week, confidence, evidence, value FROM checkins');
    expect(rows).toEqual([{ week: 3, confidence: 1, evidence: 'Adoption is flat at 5,350 & no growth', value: 5350 }]);
    await waitFor(() => h.slack.callsTo('views.publish').some((c) => c.args.user_id === 'U0ANA'));

    const ben = await connect(BEN);
    const notHis = await ben.callTool({ name: 'check_in', arguments: { kr_id: 'O1-KR1', score: 2, evidence: 'fine' } });
    expect(notHis.isError).toBe(true);
    expect(text(notHis)).toBe('Only the owner of O1-KR1 or an okrbot admin can check in on it.');
    const empty = await ana.callTool({ name: 'check_in', arguments: { kr_id: 'O1-KR1', score: 2, evidence: '  ' } });
    expect(text(empty)).toBe('Add your evidence: what makes you this confident?');
    const three = await ana.callTool({ name: 'check_in', arguments: { kr_id: 'O1-KR1', score: 3, evidence: 'x' } });
    expect(three.isError).toBe(true);
    const unknown = await ana.callTool({ name: 'check_in', arguments: { kr_id: 'O9-KR9', score: 2, evidence: 'x' } });
    expect(text(unknown)).toBe('O9-KR9 is not a key result of the active cycle. Nothing was stored.');
    expect(await h.db.raw('SELECT week, confidence FROM checkins')).toEqual([{ week: 3, confidence: 1 }]);
  });

  it('proposes a decision that the owner confirms in Slack, even when the owner proposed it', async () => {
    h = await start();
    h.slack.recordCalls = true;
    const ana = await connect(ANA);
    const r = await ana.callTool({
      name: 'propose_decision',
      arguments: {
        kr_id: 'O1-KR1',
        decision: 'pivot',
        rationale: 'Advanced features are not the lever',
        new_target: 6000,
      },
    });
    expect(text(r)).toMatch(/^Proposed pivot on O1-KR1/);
    expect(r.structuredContent).toMatchObject({ kr_id: 'O1-KR1', decision: 'pivot', status: 'proposed' });
    const dm = await waitFor(() =>
      h.slack
        .callsTo('chat.postMessage')
        .find((c) => c.args.channel === 'U0ANA' && /propos/i.test(String(c.args.text))),
    );
    expect(JSON.stringify(dm.args.blocks)).toContain('Confirm');
    expect(await h.db.raw('SELECT kind, status FROM decisions')).toEqual([{ kind: 'pivot', status: 'proposed' }]);
  });

  it('refuses a request without a valid token (401) and serves nothing', async () => {
    h = await start();
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789abcdefgh', `Basic ${ANA}`]) {
      const res = await fetch(`${h.base}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization && { authorization }) },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="okrbot mcp"');
    }
  });
});
