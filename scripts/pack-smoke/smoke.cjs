// CommonJS consumer of the packed packages (scripts/pack-smoke/run.sh). Throws on any unexpected value.
const { strict: assert } = require('node:assert');
const { registry, ScalerConfigError, ScalerRegistry } = require('@scalerkit/core');
require('@scalerkit/kafka/register');
for (const name of ['rabbitmq', 'aws-sqs', 'azure-service-bus', 'azure-storage-queue', 'nats-jetstream']) {
  require(`@scalerkit/${name}/register`);
}
assert.deepEqual(registry.types(), [
  'aws-sqs-queue',
  'azure-queue',
  'azure-servicebus',
  'kafka',
  'nats-jetstream',
  'rabbitmq',
]);
assert.equal(typeof require('@scalerkit/core/scaler-kit').createPolledScaler, 'function');
const { FakeClock } = require('@scalerkit/testing');

assert.throws(
  () =>
    registry
      .get('kafka')
      .parse({ metadata: { bootstrapServers: 'a', consumerGroup: 'g', lagThreshold: '0', password: 'sekret' } }),
  (error) =>
    ScalerConfigError.isInstance(error) && error.parameter === 'lagThreshold' && !error.message.includes('sekret'),
);
assert.equal(new FakeClock(5).now(), 5);
new ScalerRegistry()
  .resolve('kafka')
  .then((definition) => {
    assert.equal(definition.type, 'kafka');
    console.log('pack-smoke: CommonJS ok');
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
