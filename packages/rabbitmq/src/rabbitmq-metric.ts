// What a poll computes from the broker's answer (KEDA v2.21.0 pkg/scalers/rabbitmq_scaler.go: getQueueStatus,
// getJSON, getComposedQueue with getSum/getAverage/getMaximum, GetMetricsAndActivity).
import { ScalerError } from '@scalerkit/core';
import type { RabbitMqMode } from './rabbitmq-parameters.js';

/** The queue figures KEDA reads (`queueInfo`): total and ready messages, publish and deliver/get rates per second. */
export interface RabbitMqQueueInfo {
  /** Ready + unacknowledged (the management API's `messages`; over AMQP, ready only). */
  messages: number;
  messagesReady: number;
  publishRate: number;
  deliverGetRate: number;
}

function metricError(message: string): ScalerError {
  return new ScalerError(message, { code: 'METRIC_ERROR' });
}

/** A JSON number field as Go decodes it into an int or a float64: absent or null is 0, anything else an error. */
function numberField(record: Record<string, unknown>, name: string, integer: boolean): number {
  const value = record[name];
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || (integer && !Number.isInteger(value))) {
    throw metricError(
      `json: cannot unmarshal ${JSON.stringify(value)} into field ${name} of type ${integer ? 'int' : 'float64'}`,
    );
  }
  return value;
}

function objectField(record: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = record[name];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** One queue of the management API (`GET /api/queues/{vhost}/{name}`), with KEDA's zero defaults. */
export function queueInfoFromJson(body: unknown): RabbitMqQueueInfo {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw metricError('the management API did not answer with a queue object');
  }
  const record = body as Record<string, unknown>;
  const stats = objectField(record, 'message_stats');
  return {
    messages: numberField(record, 'messages', true),
    messagesReady: numberField(record, 'messages_ready', true),
    publishRate: numberField(objectField(stats, 'publish_details'), 'rate', false),
    deliverGetRate: numberField(objectField(stats, 'deliver_get_details'), 'rate', false),
  };
}

/**
 * A regex listing (`GET /api/queues/{vhost}?use_regex=true...`) combined with `operation` as KEDA's
 * getComposedQueue does. More than one page is an error; `operation` is checked only when something matched.
 */
export function composedQueueFromJson(body: unknown, operation: string): RabbitMqQueueInfo {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw metricError('the management API did not answer with a queue listing');
  }
  const record = body as Record<string, unknown>;
  if (numberField(record, 'page_count', true) > 1) {
    throw metricError('regex matches more queues than can be recovered at once');
  }
  const items = record.items;
  if (items !== undefined && items !== null && !Array.isArray(items)) {
    throw metricError('the management API did not answer with a queue listing');
  }
  return composeQueues((items ?? []).map(queueInfoFromJson), operation);
}

/** KEDA's getComposedQueue: each field summed, averaged (message counts by integer division) or maximised. */
export function composeQueues(queues: readonly RabbitMqQueueInfo[], operation: string): RabbitMqQueueInfo {
  const zero: RabbitMqQueueInfo = { messages: 0, messagesReady: 0, publishRate: 0, deliverGetRate: 0 };
  if (queues.length === 0) return zero;
  const sum = (field: keyof RabbitMqQueueInfo) => queues.reduce((total, queue) => total + queue[field], 0);
  // Go's maximum starts at 0, so negative figures never win.
  const max = (field: keyof RabbitMqQueueInfo) => queues.reduce((top, queue) => Math.max(top, queue[field]), 0);
  switch (operation) {
    case 'sum':
      return {
        messages: sum('messages'),
        messagesReady: sum('messagesReady'),
        publishRate: sum('publishRate'),
        deliverGetRate: sum('deliverGetRate'),
      };
    case 'avg':
      return {
        messages: Math.trunc(sum('messages') / queues.length),
        messagesReady: Math.trunc(sum('messagesReady') / queues.length),
        publishRate: sum('publishRate') / queues.length,
        deliverGetRate: sum('deliverGetRate') / queues.length,
      };
    case 'max':
      return {
        messages: max('messages'),
        messagesReady: max('messagesReady'),
        publishRate: max('publishRate'),
        deliverGetRate: max('deliverGetRate'),
      };
    default:
      throw metricError(`operation mode ${operation} must be one of sum, avg, max`);
  }
}

/** How a poll turns queue figures into the metric and the activity (KEDA's GetMetricsAndActivity). */
export interface MetricRule {
  mode: RabbitMqMode;
  activationValue: number;
  excludeUnacknowledged: boolean;
}

/**
 * The metric (before KEDA's milli rounding and negative-to-0 clamp) and the activity, strictly above
 * `activationValue`:
 * QueueLength: messages; MessageRate: publish rate (active on rate or messages); DeliverGetRate: deliver/get
 * rate; PublishedToDeliveredRatio: publish/deliver (the activation value while nothing is delivered);
 * ExpectedQueueConsumptionTime: (publish − deliver)/deliver + messages/deliver (0 for an empty queue, the
 * activation value while nothing is delivered).
 *
 * @example
 * metricAndActivity({ messages: 10, messagesReady: 10, publishRate: 3, deliverGetRate: 2 },
 *   { mode: 'ExpectedQueueConsumptionTime', activationValue: 1, excludeUnacknowledged: false }); // { value: 5.5, isActive: true }
 */
export function metricAndActivity(info: RabbitMqQueueInfo, rule: MetricRule): { value: number; isActive: boolean } {
  const messages = rule.excludeUnacknowledged ? info.messagesReady : info.messages;
  const { publishRate, deliverGetRate } = info;
  const activation = rule.activationValue;
  switch (rule.mode) {
    case 'QueueLength':
      return { value: messages, isActive: messages > activation };
    case 'MessageRate':
      return { value: publishRate, isActive: publishRate > activation || messages > activation };
    case 'DeliverGetRate':
      return { value: deliverGetRate, isActive: deliverGetRate > activation };
    case 'PublishedToDeliveredRatio': {
      const stalled = publishRate > 0 && deliverGetRate === 0;
      const ratio = stalled ? activation : publishRate > 0 && deliverGetRate > 0 ? publishRate / deliverGetRate : 0;
      return { value: ratio, isActive: ratio > activation || stalled };
    }
    case 'ExpectedQueueConsumptionTime': {
      const eta =
        messages === 0
          ? 0
          : deliverGetRate === 0
            ? activation
            : (publishRate - deliverGetRate) / deliverGetRate + messages / deliverGetRate;
      return { value: eta, isActive: eta > activation || (deliverGetRate === 0 && messages > 0) };
    }
  }
}
