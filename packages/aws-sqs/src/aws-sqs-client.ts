// The one SQS call the scaler makes, as a port, and its adapter over @aws-sdk/client-sqs.
import { GetQueueAttributesCommand, type QueueAttributeName, SQSClient } from '@aws-sdk/client-sqs';
import type { AwsCredentialsSetting } from './aws-credentials.js';
import type { SqsCountAttribute } from './aws-sqs-parameters.js';

/** One GetQueueAttributes request. */
export interface GetQueueAttributesRequest {
  /** Sent as `QueueUrl` exactly as configured (KEDA sends bare queue names too). */
  queueUrl: string;
  attributeNames: readonly SqsCountAttribute[];
}

/**
 * The SQS call the scaler makes, and nothing else: implement it to use another client or to replay recorded
 * answers in tests; `createAwsSdkSqsClient` adapts @aws-sdk/client-sqs. `getQueueAttributes` resolves to the
 * attributes the answer holds (a missing one is simply absent) and rejects on any SQS or network error.
 */
export interface SqsClientLike {
  getQueueAttributes(
    request: GetQueueAttributesRequest,
    options?: { signal?: AbortSignal },
  ): Promise<Readonly<Record<string, string>>>;
  /** Releases sockets and timers. */
  close(): void | Promise<void>;
}

/**
 * A failed SQS request, without the SDK's request/response objects (which carry signed headers): the
 * service's error code (`QueueDoesNotExist`, `InvalidClientTokenId`, ...) or the socket's (`ECONNREFUSED`),
 * and the HTTP status when there was an answer.
 */
export class SqsRequestError extends Error {
  override readonly name = 'SqsRequestError';
  readonly code: string | undefined;
  readonly status: number | undefined;

  constructor(message: string, options: { code?: string | undefined; status?: number | undefined }) {
    super(message);
    this.code = options.code;
    this.status = options.status;
  }
}

function toRequestError(error: unknown): unknown {
  if (!(error instanceof Error) || error.name === 'AbortError') return error;
  const record = error as Error & { code?: unknown; Code?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = record.$metadata?.httpStatusCode;
  const socketCode = typeof record.code === 'string' ? record.code : undefined;
  // A service error's name is its AWS error code (`QueueDoesNotExist`); a socket error's name is `Error`.
  const code = socketCode ?? (error.name !== 'Error' ? error.name : undefined);
  const text = error.message || code || 'request failed';
  return new SqsRequestError(error.name === 'Error' || text.includes(error.name) ? text : `${error.name}: ${text}`, {
    code,
    status: typeof status === 'number' ? status : undefined,
  });
}

/** Options of `createAwsSdkSqsClient`. */
export interface AwsSdkSqsClientOptions {
  /** Region of the regional endpoint and of request signing (`awsRegion`). */
  region: string;
  /** `awsEndpoint`: called instead of the regional endpoint (KEDA's BaseEndpoint). */
  endpoint?: string | undefined;
  /** Default: the SDK's default credential provider chain. */
  credentials?: AwsCredentialsSetting;
  /** Attempts per request, retries included. Default 3, as the SDK's and KEDA's Go SDK's standard retryer. */
  maxAttempts?: number;
}

/**
 * An `SqsClientLike` over @aws-sdk/client-sqs. Requests go to the regional endpoint of `region` or to
 * `endpoint`, never to the host of the queue URL (`useQueueUrlAsEndpoint: false`, as KEDA's Go client does),
 * and are signed for `region`.
 *
 * @example
 * const client = createAwsSdkSqsClient({ region: 'eu-west-1' });
 * const attributes = await client.getQueueAttributes({
 *   queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders',
 *   attributeNames: ['ApproximateNumberOfMessages'],
 * });
 * await client.close();
 */
export function createAwsSdkSqsClient(options: AwsSdkSqsClientOptions): SqsClientLike {
  const client = new SQSClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: options.maxAttempts ?? 3,
    useQueueUrlAsEndpoint: false,
  });
  return {
    async getQueueAttributes(request, callOptions = {}) {
      const command = new GetQueueAttributesCommand({
        QueueUrl: request.queueUrl,
        AttributeNames: [...request.attributeNames] as QueueAttributeName[],
      });
      try {
        const output = await client.send(command, callOptions.signal ? { abortSignal: callOptions.signal } : {});
        return output.Attributes ?? {};
      } catch (error) {
        throw toRequestError(error);
      }
    },
    close() {
      client.destroy();
    },
  };
}
