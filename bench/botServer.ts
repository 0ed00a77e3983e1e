import { loadSlackConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { startBot } from '../src/slack/app.js';
import { serveCpuProbe } from './cpuProbe.js';

/** okrbot itself, in its own process, configured from the environment (as `npm start`). */
await serveCpuProbe();
const bot = await startBot({ config: loadSlackConfig(process.env), logger: createLogger({ level: 'error' }) });
console.log(`BOT_PORT=${bot.port}`);
process.on('SIGTERM', () => void bot.stop().then(() => process.exit(0)));
