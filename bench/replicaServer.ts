import { loadSlackConfig, secretsOf } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { startBot } from '../src/slack/app.js';

/** One okrbot replica for the replicas bench: configured from the environment, scheduler on, logs on stdout. */
const bot = await startBot({
  config: loadSlackConfig(process.env),
  logger: createLogger({ level: 'info', secrets: secretsOf(loadSlackConfig(process.env)) }),
});
console.log(`BOT_PORT=${bot.port}`);
process.on('SIGTERM', () => void bot.stop().then(() => process.exit(0)));
