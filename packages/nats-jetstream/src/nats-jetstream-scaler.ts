// KEDA's `nats-jetstream` scaler (KEDA v2.21.0 pkg/scalers/nats_jetstream_scaler.go) on the scaler kit: the
// kit supplies the deadline, abort, shared client, error codes and close(); this file only says what to read.
import { connectionKey, defineScaler, type Scaler, type ScalerContext } from '@scalerkit/core';
import { createPolledScaler, DEFAULT_POLL_TIMEOUT_MS, metricSpec } from '@scalerkit/core/scaler-kit';
import { createNatsMonitoringClient, type NatsMonitoringClient } from './nats-jetstream-client.js';
import { ConsumerLagTracker } from './nats-jetstream-consumer-lag.js';
import {
  NATS_JETSTREAM_TYPE,
  type NatsJetStreamScalerConfig,
  parseNatsJetStreamParameters,
} from './nats-jetstream-parameters.js';

/** Options of `createNatsJetStreamScaler` beyond the trigger and the host's context. */
export interface NatsJetStreamScalerOptions {
  /** Makes the monitoring client; replace it to inject another `NatsMonitoringClient` (tests, another HTTP stack). */
  createClient?: (options: { timeoutMs: number; context: ScalerContext }) => NatsMonitoringClient;
}

/**
 * A scaler for one `nats-jetstream` trigger: the metric is the consumer's `num_pending + num_ack_pending`
 * read from the server's `/jsz`, active when above `activationLagThreshold`.
 *
 * @example
 * const scaler = createNatsJetStreamScaler(natsJetStreamScaler.parse({ metadata }), context);
 * const [spec] = scaler.getMetricSpecs(); // { metricName: 's0-nats-jetstream-orders', targetType: 'AverageValue', targetValue: 10 }
 */
export function createNatsJetStreamScaler(
  config: NatsJetStreamScalerConfig,
  context: ScalerContext,
  options: NatsJetStreamScalerOptions = {},
): Scaler {
  const timeoutMs = context.timeoutMs ?? DEFAULT_POLL_TIMEOUT_MS;
  const tracker = new ConsumerLagTracker(config);
  const scheme = config.useHttps ? 'https' : 'http';
  const address = `${scheme}://${config.natsServerMonitoringEndpoint}`;
  const makeClient =
    options.createClient ??
    (() => createNatsMonitoringClient({ timeoutMs, ...(context.clock ? { clock: context.clock } : {}) }));
  return createPolledScaler<NatsMonitoringClient>(
    {
      type: NATS_JETSTREAM_TYPE,
      describe: `consumer "${config.consumer}" of stream "${config.stream}" at ${address}`,
      metricSpecs: [metricSpec(config, `nats-jetstream-${config.stream}`, config.lagThreshold)],
      connection: {
        // Triggers on one server share one client and its kept-alive connection.
        key: connectionKey(NATS_JETSTREAM_TYPE, address, { timeoutMs }),
        open: () => makeClient({ timeoutMs, context }),
        close: (client) => client.close?.(),
      },
      async measure(client, { signal }) {
        const lag = await tracker.lag(client, signal);
        return { value: lag, isActive: lag > config.activationLagThreshold };
      },
      // The leader cache is per trigger and changes across a poll's requests: one poll at a time.
      serialize: true,
      // KEDA rebuilds a scaler after a failed poll (scalers_cache.go GetMetricsAndActivityForScaler), losing the
      // cached leader; forgetting it here gives the same next poll when the host does not rebuild.
      onError: () => tracker.forget(),
    },
    context,
  );
}

/**
 * KEDA's `nats-jetstream` trigger: the lag of a JetStream consumer, read from nats-server's monitoring
 * endpoint. Register it with `import '@scalerkit/nats-jetstream/register'` or `registry.register(natsJetStreamScaler)`.
 *
 * @example
 * const config = natsJetStreamScaler.parse({
 *   metadata: { natsServerMonitoringEndpoint: 'nats.nats:8222', account: '$G', stream: 'orders', consumer: 'workers' },
 * });
 * natsJetStreamScaler.create(config, context).getMetricSpecs()[0]?.metricName; // 's0-nats-jetstream-orders'
 */
export const natsJetStreamScaler = defineScaler<NatsJetStreamScalerConfig>({
  type: NATS_JETSTREAM_TYPE,
  packageName: '@scalerkit/nats-jetstream',
  parse: parseNatsJetStreamParameters,
  create: (config, context) => createNatsJetStreamScaler(config, context),
});
