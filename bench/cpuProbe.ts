import { createServer } from 'node:http';

/**
 * A bench server's own CPU time and memory, on a port of its own: the bench reads it before and
 * after a fixed number of requests, so cost is measured as a host pays for it (CPU ms per request),
 * not as throughput, which swings by tens of percent between runs on these machines.
 */
export async function serveCpuProbe(): Promise<void> {
  const probe = createServer((_req, res) => {
    const { user, system } = process.cpuUsage();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ cpuMs: (user + system) / 1000, rssMB: process.memoryUsage().rss / 2 ** 20 }));
  });
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  probe.unref();
  console.log(`CPU_PORT=${(probe.address() as { port: number }).port}`);
}
