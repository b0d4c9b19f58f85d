import { knownScalerPackages } from './registry.js';

// Every trigger type KEDA v2.21.0 builds a scaler for (pkg/scaling/scalers_builder.go, buildScaler), so that a
// typo is told apart from a type KEDA has but no scalerkit package provides.

/** The trigger types KEDA v2.21.0 knows, sorted. */
export const KEDA_TRIGGER_TYPES: readonly string[] = Object.freeze([
  'activemq',
  'apache-kafka',
  'arangodb',
  'artemis-queue',
  'aws-cloudwatch',
  'aws-dynamodb',
  'aws-dynamodb-streams',
  'aws-kinesis-stream',
  'aws-sqs-queue',
  'azure-app-insights',
  'azure-blob',
  'azure-cosmosdb',
  'azure-data-explorer',
  'azure-eventhub',
  'azure-log-analytics',
  'azure-monitor',
  'azure-pipelines',
  'azure-queue',
  'azure-servicebus',
  'beanstalkd',
  'cassandra',
  'clickhouse',
  'couchdb',
  'cpu',
  'cron',
  'datadog',
  'dynatrace',
  'elastic-forecast',
  'elasticsearch',
  'etcd',
  'external',
  'external-mock',
  'external-push',
  'forgejo-runner',
  'gcp-cloudtasks',
  'gcp-pubsub',
  'gcp-spanner',
  'gcp-stackdriver',
  'gcp-storage',
  'github-runner',
  'graphite',
  'huawei-cloudeye',
  'ibmmq',
  'influxdb',
  'kafka',
  'kubernetes-resource',
  'kubernetes-workload',
  'liiklus',
  'loki',
  'memory',
  'metrics-api',
  'mongodb',
  'mssql',
  'mysql',
  'nats-jetstream',
  'new-relic',
  'nsq',
  'opensearch',
  'openstack-metric',
  'openstack-swift',
  'postgresql',
  'predictkube',
  'prometheus',
  'pulsar',
  'rabbitmq',
  'redis',
  'redis-cluster',
  'redis-cluster-streams',
  'redis-sentinel',
  'redis-sentinel-streams',
  'redis-streams',
  'selenium-grid',
  'solace-direct-messaging',
  'solace-event-queue',
  'solarwinds',
  'solr',
  'splunk',
  'splunk-observability',
  'sumologic',
  'temporal',
]);

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The known trigger type `type` was most likely meant to be (same letters in another case, or at most two edits
 * away, or at most a third of its length for long names), or undefined.
 *
 * @example
 * suggestTriggerType('kafak'); // 'kafka'
 * suggestTriggerType('RabbitMQ'); // 'rabbitmq'
 * suggestTriggerType('aws-sqs'); // 'aws-sqs-queue' (the package's name)
 */
export function suggestTriggerType(type: string, known: readonly string[] = KEDA_TRIGGER_TYPES): string | undefined {
  const lower = type.toLowerCase().replace(/_/g, '-');
  const exact = known.find((candidate) => candidate === lower);
  if (exact) return exact;
  // The name of the scalerkit package instead of its trigger type (`aws-sqs` for `aws-sqs-queue`).
  const byPackage = Object.entries(knownScalerPackages).find(([, name]) => name === `@scalerkit/${lower}`)?.[0];
  if (byPackage && known.includes(byPackage)) return byPackage;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate);
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  if (best === undefined) return undefined;
  return best.distance <= Math.max(2, Math.floor(lower.length / 3)) ? best.candidate : undefined;
}
