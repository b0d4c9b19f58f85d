// ESM consumer of the packed packages (scripts/pack-smoke/run.sh). Throws on any unexpected value.
import { strict as assert } from 'node:assert';
import { hpa, parseScaledObject, registry } from '@scalerkit/core';
import '@scalerkit/kafka/register';
import '@scalerkit/rabbitmq/register';
import '@scalerkit/aws-sqs/register';
import '@scalerkit/azure-service-bus/register';
import '@scalerkit/azure-storage-queue/register';
import '@scalerkit/nats-jetstream/register';
import { createPolledScaler, metricSpec } from '@scalerkit/core/scaler-kit';
import { simulate } from '@scalerkit/testing';

const config = registry
  .get('kafka')
  .parse({ metadata: { bootstrapServers: 'a:9092,b:9092', consumerGroup: 'g', topic: 't', lagThreshold: '5' } });
assert.deepEqual(config.bootstrapServers, ['a:9092', 'b:9092']);
assert.equal(config.lagThreshold, 5);
assert.equal(config.offsetResetPolicy, 'latest');

const scaledObject = parseScaledObject({
  spec: {
    scaleTargetRef: { name: 'w' },
    triggers: [{ type: 'kafka', metadata: { bootstrapServers: 'a', consumerGroup: 'g' } }],
  },
});
assert.equal(scaledObject.spec.maxReplicaCount, 100);
assert.equal(hpa.replicasForAverageValue({ currentReplicas: 2, metricValue: 40, targetAverageValue: 10 }).replicas, 4);
const result = simulate({ scaledObject, initialReplicas: 0, until: '10m', timeline: { 0: 50 } });
assert.equal(result.summary.maxReplicas, 5);
// Every event source registered itself, and its metric name is KEDA's.
const triggers = {
  rabbitmq: [{ host: 'amqp://h:5672/', queueName: 'q', mode: 'QueueLength', value: '5' }, 's0-rabbitmq-q'],
  'aws-sqs-queue': [{ queueURL: 'q', awsRegion: 'eu-west-1', identityOwner: 'operator' }, 's0-aws-sqs-q'],
  'azure-servicebus': [{ queueName: 'q', connectionFromEnv: 'C' }, 's0-azure-servicebus-q'],
  'azure-queue': [{ queueName: 'q', connectionFromEnv: 'C' }, 's0-azure-queue-q'],
  'nats-jetstream': [
    { natsServerMonitoringEndpoint: 'h:8222', account: '$G', stream: 's', consumer: 'c' },
    's0-nats-jetstream-s',
  ],
};
for (const [type, [metadata, metricName]] of Object.entries(triggers)) {
  const definition = registry.get(type);
  const scaler = definition.create(
    definition.parse({
      metadata,
      resolvedEnv: { C: 'Endpoint=sb://h/;SharedAccessKeyName=k;SharedAccessKey=v;AccountName=a;AccountKey=a2V5' },
    }),
  );
  assert.equal(scaler.getMetricSpecs()[0].metricName, metricName);
  await scaler.close();
}
assert.equal(typeof createPolledScaler, 'function');
assert.deepEqual(metricSpec({ triggerIndex: 1, metricType: 'Value' }, 'x/y', 3), {
  metricName: 's1-x-y',
  targetType: 'Value',
  targetValue: 3,
});
console.log('pack-smoke: ESM ok');
