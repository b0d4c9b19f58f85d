// KEDA v2.21.0 rabbitmq_scaler_test.go TestGetSum, TestGetAverage, TestGetMaximum, TestGetComposedQueue, and the
// per-mode rules of GetMetricsAndActivity.
import { describe, expect, it } from 'vitest';
import {
  composedQueueFromJson,
  composeQueues,
  metricAndActivity,
  queueInfoFromJson,
  type RabbitMqQueueInfo,
} from './rabbitmq-metric.js';

const q = (
  messages: number,
  messagesReady: number,
  publishRate: number,
  deliverGetRate: number,
): RabbitMqQueueInfo => ({
  messages,
  messagesReady,
  publishRate,
  deliverGetRate,
});

describe('composeQueues (KEDA getComposedQueue)', () => {
  it.each<[string, string, RabbitMqQueueInfo[], RabbitMqQueueInfo]>([
    ['sum of nothing', 'sum', [], q(0, 0, 0, 0)],
    ['sum of one', 'sum', [q(10, 5, 1.5, 2.5)], q(10, 5, 1.5, 2.5)],
    ['sum of two', 'sum', [q(10, 5, 1, 2), q(20, 15, 3, 4)], q(30, 20, 4, 6)],
    ['avg of one', 'avg', [q(10, 6, 2, 4)], q(10, 6, 2, 4)],
    ['avg truncates message counts', 'avg', [q(5, 3, 1, 3), q(6, 4, 3, 5)], q(5, 3, 2, 4)],
    ['max of one', 'max', [q(7, 3, 1.5, 2.5)], q(7, 3, 1.5, 2.5)],
    ['max per field', 'max', [q(30, 5, 1, 9), q(10, 20, 7, 3)], q(30, 20, 7, 9)],
    ['sum (composed)', 'sum', [q(10, 4, 2, 6), q(20, 8, 4, 2)], q(30, 12, 6, 8)],
    ['avg (composed)', 'avg', [q(10, 4, 2, 6), q(20, 8, 4, 2)], q(15, 6, 3, 4)],
    ['max (composed)', 'max', [q(10, 4, 2, 6), q(20, 8, 4, 2)], q(20, 8, 4, 6)],
    ['an unknown operation on an empty list', 'invalid', [], q(0, 0, 0, 0)],
  ])('%s', (_name, operation, queues, expected) => {
    expect(composeQueues(queues, operation)).toEqual(expected);
  });

  it('refuses an unknown operation when something matched', () => {
    expect(() => composeQueues([q(10, 4, 2, 6)], 'invalid')).toThrow(
      'operation mode invalid must be one of sum, avg, max',
    );
  });
});

describe('queue answers', () => {
  it('reads missing fields as 0', () => {
    expect(queueInfoFromJson({ messages: 4 })).toEqual(q(4, 0, 0, 0));
  });
  it('refuses a count that is not an integer, as Go decoding into an int does', () => {
    expect(() => queueInfoFromJson({ messages: 4.5 })).toThrow('cannot unmarshal 4.5 into field messages');
  });
  it('refuses a listing with more than one page', () => {
    expect(() => composedQueueFromJson({ items: [], page_count: 2 }, 'sum')).toThrow('regex matches more queues');
  });
});

describe('metricAndActivity (KEDA GetMetricsAndActivity)', () => {
  const rule = (
    mode: Parameters<typeof metricAndActivity>[1]['mode'],
    activationValue = 0,
    excludeUnacknowledged = false,
  ) => ({
    mode,
    activationValue,
    excludeUnacknowledged,
  });
  it.each<[string, RabbitMqQueueInfo, ReturnType<typeof rule>, { value: number; isActive: boolean }]>([
    ['queue length is strictly above activation', q(5, 5, 0, 0), rule('QueueLength', 5), { value: 5, isActive: false }],
    [
      'excludeUnacknowledged counts ready only',
      q(5, 2, 0, 0),
      rule('QueueLength', 0, true),
      { value: 2, isActive: true },
    ],
    ['message rate is active on messages too', q(3, 3, 0, 0), rule('MessageRate', 1), { value: 0, isActive: true }],
    ['deliver/get rate', q(0, 0, 9, 2.5), rule('DeliverGetRate', 2.5), { value: 2.5, isActive: false }],
    [
      'ratio while nothing is delivered is the activation value',
      q(0, 0, 2, 0),
      rule('PublishedToDeliveredRatio', 1),
      { value: 1, isActive: true },
    ],
    ['ratio of the rates', q(0, 0, 3, 2), rule('PublishedToDeliveredRatio', 1), { value: 1.5, isActive: true }],
    ['ratio 0 without publishing', q(0, 0, 0, 2), rule('PublishedToDeliveredRatio', 0), { value: 0, isActive: false }],
    [
      'negative consumption time (reported as 0 by the kit)',
      q(1, 1, 0, 10),
      rule('ExpectedQueueConsumptionTime', 0),
      { value: -0.9, isActive: false },
    ],
  ])('%s', (_name, info, metricRule, expected) => {
    const outcome = metricAndActivity(info, metricRule);
    expect(outcome.isActive).toBe(expected.isActive);
    expect(outcome.value).toBeCloseTo(expected.value, 10);
  });
});
