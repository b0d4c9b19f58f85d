// The scalerkit side of bench/keda/aws-sqs-side-by-side.bench.mjs: a process of its own that speaks the oracle's
// JSON-line protocol (bench/keda/lib/worker.ts), plus `raw`: the one GetQueueAttributes call a poll needs (KEDA
// v2.21.0 pkg/scalers/aws_sqs_queue_scaler.go getAwsSqsQueueLength), on the SDK alone.
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { awsSqsQueueScaler } from '@scalerkit/aws-sqs';
import { benchContext, serveWorker } from './lib/worker.js';

serveWorker((request) => {
  const metadata = request.metadata ?? {};
  const authParams = request.authParams ?? {};
  const scaler = awsSqsQueueScaler.create(awsSqsQueueScaler.parse({ metadata, authParams }), benchContext());
  const client = new SQSClient({
    region: metadata.awsRegion!,
    endpoint: metadata.awsEndpoint!,
    useQueueUrlAsEndpoint: false,
    credentials: { accessKeyId: authParams.awsAccessKeyID!, secretAccessKey: authParams.awsSecretAccessKey! },
  });
  const raw = async () => {
    const { Attributes = {} } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: metadata.queueURL!,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
  };
  return { scaler, raw, closeRaw: () => client.destroy() };
});
