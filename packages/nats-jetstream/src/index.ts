export type {
  NatsMonitoringClient,
  NatsMonitoringClientOptions,
  NatsMonitoringResponse,
} from './nats-jetstream-client.js';
export { createNatsMonitoringClient } from './nats-jetstream-client.js';
export type { ConsumerLagTarget } from './nats-jetstream-consumer-lag.js';
export { ConsumerLagTracker } from './nats-jetstream-consumer-lag.js';
export type { NatsJetStreamParameterValues, NatsJetStreamScalerConfig } from './nats-jetstream-parameters.js';
export {
  NATS_JETSTREAM_TYPE,
  natsJetStreamParameters,
  parseNatsJetStreamParameters,
} from './nats-jetstream-parameters.js';
export type {
  JszAccount,
  JszConsumer,
  JszResponse,
  JszStream,
  VarzResponse,
} from './nats-jetstream-responses.js';
export { MonitoringResponseError, readJsz, readVarz } from './nats-jetstream-responses.js';
export type { NatsJetStreamScalerOptions } from './nats-jetstream-scaler.js';
export { createNatsJetStreamScaler, natsJetStreamScaler } from './nats-jetstream-scaler.js';
export type { MonitoringAddress } from './nats-jetstream-urls.js';
export { monitoringUrl } from './nats-jetstream-urls.js';
