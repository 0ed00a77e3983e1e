import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics for one running bot (its own registry, so tests can run several). Served
 * at GET /metrics in both Slack modes.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'okrbot_slack_requests_total',
    help: 'Slack requests handled, by type and outcome',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly handlerSeconds = new Histogram({
    name: 'okrbot_handler_duration_seconds',
    help: 'Time to run a Slack handler (ack and the work after it), by type',
    labelNames: ['type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly messagesSent = new Counter({
    name: 'okrbot_messages_sent_total',
    help: 'Scheduled messages (DMs and channel posts) sent, by purpose',
    labelNames: ['purpose'] as const,
    registers: [this.registry],
  });
  readonly messagesFailed = new Counter({
    name: 'okrbot_messages_failed_total',
    help: 'Scheduled messages that failed, by purpose and Slack error',
    labelNames: ['purpose', 'error'] as const,
    registers: [this.registry],
  });
  readonly checkins = new Counter({
    name: 'okrbot_checkins_recorded_total',
    help: 'Check-ins recorded or edited, by channel (modal, text)',
    labelNames: ['via'] as const,
    registers: [this.registry],
  });
  readonly chartsUploaded = new Counter({
    name: 'okrbot_charts_uploaded_total',
    help: 'Chart images uploaded to Slack (a picture already uploaded is reused, not counted)',
    registers: [this.registry],
  });
  readonly chartsFailed = new Counter({
    name: 'okrbot_charts_failed_total',
    help: 'Charts that could not be drawn or uploaded (the message went without them)',
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'okrbot_slack_rate_limited_total',
    help: '429 answers from Slack',
    registers: [this.registry],
  });
  readonly tickSeconds = new Histogram({
    name: 'okrbot_scheduler_tick_duration_seconds',
    help: 'Scheduler tick duration',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [this.registry],
  });
  readonly tickLag = new Gauge({
    name: 'okrbot_scheduler_lag_seconds',
    help: 'How late the last tick started after its minute',
    registers: [this.registry],
  });
  readonly leader = new Gauge({
    name: 'okrbot_scheduler_leader',
    help: '1 when this process holds the scheduler lease',
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'okrbot_' });
  }
}
