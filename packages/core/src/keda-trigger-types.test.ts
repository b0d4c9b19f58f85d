import { describe, expect, it } from 'vitest';
import { KEDA_TRIGGER_TYPES, suggestTriggerType } from './keda-trigger-types.js';

describe('KEDA trigger types', () => {
  it('holds every type scalerkit ships and is sorted without repeats', () => {
    for (const type of [
      'kafka',
      'rabbitmq',
      'aws-sqs-queue',
      'azure-servicebus',
      'azure-queue',
      'nats-jetstream',
      'cpu',
    ]) {
      expect(KEDA_TRIGGER_TYPES).toContain(type);
    }
    expect([...KEDA_TRIGGER_TYPES].sort()).toEqual(KEDA_TRIGGER_TYPES);
    expect(new Set(KEDA_TRIGGER_TYPES).size).toBe(KEDA_TRIGGER_TYPES.length);
  });

  const table: [string, string | undefined][] = [
    ['kafak', 'kafka'],
    ['RabbitMQ', 'rabbitmq'],
    ['aws-sqs', 'aws-sqs-queue'],
    ['azure-service-bus', 'azure-servicebus'],
    ['nats_jetstream', 'nats-jetstream'],
    ['totally-unrelated-thing', undefined],
    ['x', undefined],
  ];
  for (const [typo, suggestion] of table) {
    it(`suggests ${suggestion ?? 'nothing'} for ${typo}`, () => expect(suggestTriggerType(typo)).toBe(suggestion));
  }
});
