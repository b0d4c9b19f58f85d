export type { ActivityPushOptions } from './activity-push.js';
export { withActivityPush } from './activity-push.js';
export type {
  AmqpConnectOptions,
  AmqpConnector,
  AmqplibChannelLike,
  AmqplibConnectionLike,
  ManagementClientOptions,
  RabbitMqAmqpClient,
  RabbitMqManagementClient,
} from './rabbitmq-client.js';
export { AmqplibRabbitMqClient, connectAmqplib, HttpRabbitMqManagementClient } from './rabbitmq-client.js';
export type { MetricRule, RabbitMqQueueInfo } from './rabbitmq-metric.js';
export { composedQueueFromJson, composeQueues, metricAndActivity, queueInfoFromJson } from './rabbitmq-metric.js';
export type { RabbitMqMode, RabbitMqScalerConfig } from './rabbitmq-parameters.js';
export { parseRabbitMqParameters, RABBITMQ_MODES, rabbitmqParameters } from './rabbitmq-parameters.js';
export type { RabbitMqDefinitionOptions, RabbitMqScalerOptions } from './rabbitmq-scaler.js';
export {
  createRabbitMqScaler,
  defineRabbitMqScaler,
  RABBITMQ_CONNECTION_NAME,
  rabbitmqScaler,
} from './rabbitmq-scaler.js';
export type { AmqpAddress, ManagementRequest, ManagementUrlInput } from './rabbitmq-url.js';
export {
  amqpAddress,
  anonymizeRabbitMqError,
  managementRequest,
  protocolFromHost,
  ROOT_VHOST_PATH,
  vhostAndPrefix,
} from './rabbitmq-url.js';
export type { ResolvedRabbitMqRules } from './rabbitmq-validation.js';
export { DEFAULT_QUEUE_LENGTH, validateRabbitMqRules } from './rabbitmq-validation.js';
