import { describe, expect, it } from 'vitest';
import { bareMetricName, InvalidReferenceError, servedTrigger } from './trigger.js';

const ref = (scalerMetadata: Record<string, string>, name = 'orders', namespace = 'team-a') => ({
  name,
  namespace,
  scalerMetadata,
});

describe('servedTrigger', () => {
  it('refuses a ref without scalerType, naming the key', () => {
    expect(() => servedTrigger(ref({ topic: 't' }), undefined)).toThrow(InvalidReferenceError);
    expect(() => servedTrigger(ref({ scalerType: '  ' }), undefined)).toThrow('metadata "scalerType" is required');
  });

  it('treats FromEnv values, secret-named values, URL passwords and the bridge authParams as secrets', () => {
    const { secrets } = servedTrigger(
      ref({
        scalerType: 'rabbitmq',
        host: 'amqp://user:p%40ss-word@broker:5672/vhost',
        hostFromEnv: 'amqp://guest:guest-secret@other/',
        connectionString: 'Endpoint=sb://x;SharedAccessKey=abc123',
        apiToken: 'token-value',
        queueName: 'orders',
      }),
      { password: 'held-by-bridge' },
    );
    expect(secrets.sort()).toEqual(
      [
        'held-by-bridge',
        'p%40ss-word',
        'p@ss-word',
        'amqp://guest:guest-secret@other/',
        'guest-secret',
        'Endpoint=sb://x;SharedAccessKey=abc123',
        'token-value',
      ].sort(),
    );
  });

  it('keys the cache by namespace, name and metadata, whatever the key order', () => {
    const a = servedTrigger(ref({ scalerType: 'kafka', topic: 't', consumerGroup: 'g' }), undefined);
    const b = servedTrigger(ref({ consumerGroup: 'g', topic: 't', scalerType: 'kafka' }), undefined);
    const c = servedTrigger(ref({ scalerType: 'kafka', topic: 'u', consumerGroup: 'g' }), undefined);
    const d = servedTrigger(
      ref({ scalerType: 'kafka', topic: 't', consumerGroup: 'g' }, 'orders', 'team-b'),
      undefined,
    );
    expect(a.cacheKey).toBe(b.cacheKey);
    expect(new Set([a.cacheKey, c.cacheKey, d.cacheKey]).size).toBe(3);
    expect(a.cacheKey.startsWith('team-a/orders/')).toBe(true);
  });
});

describe('bareMetricName', () => {
  it('strips the s0- prefix the scaler adds (KEDA adds its own index)', () => {
    expect(bareMetricName('s0-kafka-orders')).toBe('kafka-orders');
    expect(bareMetricName('kafka-orders')).toBe('kafka-orders');
    expect(bareMetricName('s1-x')).toBe('s1-x');
  });
});
