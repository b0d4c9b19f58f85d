// Amazon SQS, here the emulator of scripts/services/sqs.sh: a queue with 7 visible messages, read by the
// `aws-sqs-queue` trigger. The access keys come through a TriggerAuthentication (`secretTargetRef`), as on a
// cluster; the emulator accepts any keys, these are static test values.
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { createStaticSecretProvider, parseTriggerAuthentication } from '@scalerkit/core';
import { expectBacklog, type QueueSource, settle, uniqueName } from '../source.js';

const endpoint = process.env.SQS_ENDPOINT ?? 'http://127.0.0.1:4566';
const region = 'us-east-1';
const keys = { AWS_ACCESS_KEY_ID: 'AKIDQUEUESCALERSEXAMPLE', AWS_SECRET_ACCESS_KEY: 'queue-scalers-example-secret' };
/** Every SDK call of the example gives up after this long. */
const callTimeout = () => ({ abortSignal: AbortSignal.timeout(5000) });

const triggerAuthentication = `
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata: { name: sqs-keys }
spec:
  secretTargetRef:
    - { parameter: awsAccessKeyID, name: sqs-keys, key: AWS_ACCESS_KEY_ID }
    - { parameter: awsSecretAccessKey, name: sqs-keys, key: AWS_SECRET_ACCESS_KEY }
`;

export const awsSqs: QueueSource = {
  type: 'aws-sqs-queue',
  service: 'sqs',
  addresses: [new URL(endpoint).host],
  backlog: 7,
  targetPerReplica: 2,
  async prepare() {
    const client = new SQSClient({
      endpoint,
      region,
      credentials: { accessKeyId: keys.AWS_ACCESS_KEY_ID, secretAccessKey: keys.AWS_SECRET_ACCESS_KEY },
      maxAttempts: 1,
    });
    let queueUrl: string | undefined;
    const cleanup = async () => {
      if (queueUrl !== undefined)
        await client.send(new DeleteQueueCommand({ QueueUrl: queueUrl }), callTimeout()).catch(() => undefined);
      client.destroy();
    };
    try {
      queueUrl = (await client.send(new CreateQueueCommand({ QueueName: uniqueName('queue-scalers') }), callTimeout()))
        .QueueUrl!;
      const entries = Array.from({ length: this.backlog }, (_, index) => ({
        Id: `m${index}`,
        MessageBody: `order ${index}`,
      }));
      await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }), callTimeout());
      const visible = await settle(async () => {
        const { Attributes } = await client.send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
          callTimeout(),
        );
        return Number(Attributes?.ApproximateNumberOfMessages);
      }, this.backlog);
      expectBacklog(this.type, visible, this.backlog);
      return {
        triggerYaml: `
    - type: aws-sqs-queue
      name: orders
      metadata:
        queueURL: ${queueUrl}
        awsRegion: ${region}
        awsEndpoint: ${endpoint}
        queueLength: "${this.targetPerReplica}"
      authenticationRef: { name: sqs-keys }`,
        authentication: {
          authentications: [parseTriggerAuthentication(triggerAuthentication)],
          secrets: createStaticSecretProvider({ 'sqs-keys': keys }),
        },
        cleanup,
      };
    } catch (error) {
      await cleanup();
      throw error;
    }
  },
};
