// The shared scaler conformance suite (@scalerkit/testing) against the SQS emulator of scripts/services/sqs.sh.
// Skips locally when the emulator is not running; fails under CI=true.
import { describeScalerConformance, requireService } from '@scalerkit/testing';
import { it } from 'vitest';
import { awsSqsQueueScaler } from './aws-sqs-scaler.js';
import { closedPort, queueName, SqsAdmin, sqsEndpoint, sqsRegion, testCredentials } from './test-support.js';

const status = await requireService('sqs', sqsEndpoint, { hint: 'run scripts/services/sqs.sh up' });
const unreachablePort = status.reachable ? await closedPort() : 1;
const name = queueName('conformance');
let admin: SqsAdmin | undefined;
let queueUrl = `${sqsEndpoint}/000000000000/${name}`;

if (status.reachable) {
  describeScalerConformance(awsSqsQueueScaler, {
    metadata: ({ target, activation }) => ({
      queueURL: queueUrl,
      awsRegion: sqsRegion,
      awsEndpoint: sqsEndpoint,
      queueLength: String(target),
      activationQueueLength: String(activation),
    }),
    authParams: { ...testCredentials, awsSessionToken: 'scalerkit-session-token' },
    requiredParameters: ['queueURL', 'awsRegion'],
    invalidMetadata: {
      queueLength: '1.5',
      activationQueueLength: '+3',
      scaleOnInFlight: 'yes',
      queueURL: 'https://sqs.us-east-1.amazonaws.com/000000000000',
    },
    secrets: [testCredentials.awsSecretAccessKey, 'scalerkit-session-token'],
    async setup() {
      admin = new SqsAdmin();
      queueUrl = await admin.createQueue(name);
    },
    async teardown() {
      await admin?.close();
    },
    reset: () => admin!.purge(queueUrl),
    produceBacklog: (count) => admin!.send(queueUrl, count),
    unreachableMetadata: ({ target }) => ({
      queueURL: `http://127.0.0.1:${unreachablePort}/000000000000/${name}`,
      awsRegion: sqsRegion,
      awsEndpoint: `http://127.0.0.1:${unreachablePort}`,
      queueLength: String(target),
    }),
    silentMetadata: ({ target, address }) => ({
      queueURL: `http://${address.host}:${address.port}/000000000000/${name}`,
      awsRegion: sqsRegion,
      awsEndpoint: `http://${address.host}:${address.port}`,
      queueLength: String(target),
    }),
  });
} else {
  it.skip(status.reason ?? 'sqs not reachable', () => {});
}
