// ESM consumer of the packed packages (scripts/pack-smoke/run.sh). Throws on any unexpected value.
import { strict as assert } from 'node:assert';
import { hpa, parseScaledObject, registry } from '@scalerkit/core';
import '@scalerkit/kafka/register';
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
console.log('pack-smoke: ESM ok');
