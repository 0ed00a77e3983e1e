import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AppDeps } from '../services/deps.js';
import { listKeyResults } from '../services/assistant.js';
import { krItemJson } from '../views/assistant.js';

/** The active cycle's OKR tree, objectives → Key Results, as a resource an assistant can attach. */
export const OKR_TREE_URI = 'okrbot://cycle/active/okrs';

export function registerResources(server: McpServer, deps: AppDeps): void {
  server.registerResource(
    'okr-tree',
    OKR_TREE_URI,
    {
      title: 'The active cycle’s OKRs',
      description:
        'Objectives and their Key Results (owner, baseline → target, latest confidence) in the active cycle.',
      mimeType: 'application/json',
    },
    async (uri) => {
      const r = await listKeyResults(deps, '', { scope: 'all' });
      const tree = r.ok ? { cycle: r.cycle.name, objectives: objectivesOf(r.items.map(krItemJson)) } : { cycle: null };
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(tree, null, 2) }] };
    },
  );
}

function objectivesOf(krs: Array<ReturnType<typeof krItemJson>>) {
  const byObjective = new Map<string, { id: string; title: string; keyResults: typeof krs }>();
  for (const kr of krs) {
    const o = byObjective.get(kr.objective.id) ?? { ...kr.objective, keyResults: [] };
    o.keyResults.push(kr);
    byObjective.set(kr.objective.id, o);
  }
  return [...byObjective.values()];
}
