export type {
  KafkaAdminLike,
  KafkaJsAdminOptions,
  KafkaPartitionMetadata,
  KafkaPartitionOffset,
  KafkaRequestInfo,
  KafkaSaslOptions,
  KafkaTlsOptions,
  KafkaTopicMetadata,
  KafkaTopicPartitions,
} from './kafka-client.js';
export { createKafkaJsAdmin } from './kafka-client.js';
export type { PartitionLag, PartitionLagOptions, TotalLag, TotalLagOptions } from './kafka-lag.js';
export { evenDistributionFactor, lagForPartition, NO_COMMITTED_OFFSET, totalLag } from './kafka-lag.js';
export type { OAuthBearerToken, OAuthClientCredentialsOptions } from './kafka-oauth.js';
export { OAuthBearerTokenSource, TOKEN_EXPIRY_MARGIN_MS } from './kafka-oauth.js';
export type {
  KafkaOffsetResetPolicy,
  KafkaSaslMechanism,
  KafkaSaslTokenProvider,
  KafkaScalerConfig,
} from './kafka-parameters.js';
export { kafkaParameters, parseKafkaParameters } from './kafka-parameters.js';
export type { KafkaJsCompatibleAdmin, KafkaJsCompatibleClient } from './kafka-public-admin.js';
export { connectKafkaJsPublicAdmin } from './kafka-public-admin.js';
export type { KafkaAdminFactory, KafkaScalerOptions } from './kafka-scaler.js';
export {
  DEFAULT_KAFKA_TIMEOUT_MS,
  KafkaScaler,
  kafkaClientOptions,
  kafkaOAuthTokenSource,
  kafkaScaler,
} from './kafka-scaler.js';
export type { KafkaTlsMaterial } from './kafka-tls.js';
export { kafkaTlsOptions } from './kafka-tls.js';
export type { MskCredentials } from './kafka-validation.js';
export {
  MAX_PARTITION_LIMITATION_IDS,
  parseKafkaVersion,
  parsePartitionLimitation,
  resolveMskCredentials,
} from './kafka-validation.js';
