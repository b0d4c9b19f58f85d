// Shared set-up of the integration tests: the emulator's address and a small admin client for queues.
import { createServer } from 'node:net';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

/** Where scripts/services/sqs.sh listens. */
export const sqsEndpoint = process.env.SQS_ENDPOINT ?? 'http://127.0.0.1:4566';
export const sqsRegion = 'us-east-1';
/** The emulator accepts any credentials; these stand for a real key pair in secrets checks. */
export const testCredentials = {
  awsAccessKeyID: 'AKIDSCALERKITTEST',
  awsSecretAccessKey: 'scalerkit-secret-access-key',
};

/** A unique queue name per test run. */
export function queueName(label: string): string {
  return `${label}-${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Queue operations the tests need, through the real SDK. */
export class SqsAdmin {
  readonly client = new SQSClient({
    endpoint: sqsEndpoint,
    region: sqsRegion,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  readonly #created: string[] = [];

  async createQueue(name: string): Promise<string> {
    const { QueueUrl } = await this.client.send(new CreateQueueCommand({ QueueName: name }));
    this.#created.push(QueueUrl!);
    return QueueUrl!;
  }

  async send(queueUrl: string, count: number, delaySeconds = 0): Promise<void> {
    for (let start = 0; start < count; start += 10) {
      const entries = Array.from({ length: Math.min(10, count - start) }, (_, index) => ({
        Id: `m${start + index}`,
        MessageBody: `message ${start + index}`,
        DelaySeconds: delaySeconds,
      }));
      await this.client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    }
  }

  async sendDelayed(queueUrl: string, delaySeconds: number): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'delayed', DelaySeconds: delaySeconds }),
    );
  }

  /** Receives `count` messages without deleting them: they stay in flight for `visibilitySeconds`. */
  async receive(queueUrl: string, count: number, visibilitySeconds: number): Promise<number> {
    const { Messages } = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: count,
        VisibilityTimeout: visibilitySeconds,
      }),
    );
    return Messages?.length ?? 0;
  }

  /** Visible / in flight / delayed, as the emulator reports them. */
  async counts(queueUrl: string): Promise<[number, number, number]> {
    const { Attributes = {} } = await this.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    return [
      Number(Attributes.ApproximateNumberOfMessages),
      Number(Attributes.ApproximateNumberOfMessagesNotVisible),
      Number(Attributes.ApproximateNumberOfMessagesDelayed),
    ];
  }

  async purge(queueUrl: string): Promise<void> {
    await this.client.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
  }

  async close(): Promise<void> {
    await Promise.all(
      this.#created.map((url) => this.client.send(new DeleteQueueCommand({ QueueUrl: url })).catch(() => undefined)),
    );
    this.client.destroy();
  }
}

/** A loopback port where nothing listens. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}
