// KEDA's aws-sqs-queue scaler (v2.21.0 pkg/scalers/aws_sqs_queue_scaler.go) on the scaler kit: one
// GetQueueAttributes per poll, the requested counts summed.
import { connectionKey, defineScaler, type Scaler, type ScalerContext, type ScalerErrorCode } from '@scalerkit/core';
import { createPolledScaler, describeUrl, errorCode, metricSpec } from '@scalerkit/core/scaler-kit';
import { type AssumeRoleProviderFactory, assumeRoleWithSdk, awsCredentials } from './aws-credentials.js';
import { type AwsSdkSqsClientOptions, createAwsSdkSqsClient, type SqsClientLike } from './aws-sqs-client.js';
import {
  AWS_SQS_QUEUE_TYPE,
  type AwsSqsQueueScalerConfig,
  parseAwsSqsQueueParameters,
  type SqsCountAttribute,
} from './aws-sqs-parameters.js';

/** Options of `createAwsSqsQueueScaler` beyond the trigger config. */
export interface AwsSqsQueueScalerOptions {
  /** Opens the client of a trigger. Default: `createAwsSdkSqsClient` (@aws-sdk/client-sqs). */
  createClient?: (options: AwsSdkSqsClientOptions) => SqsClientLike;
  /** Builds role-assuming credentials. Default: `assumeRoleWithSdk` (@aws-sdk/credential-providers). */
  assumeRole?: AssumeRoleProviderFactory;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * KEDA's processQueueLengthFromSqsQueueAttributesOutput: the sum of the requested attributes, each of which must
 * be in the answer and parse as a base-10 int64 (Go `strconv.ParseInt(s, 10, 64)`). Throws otherwise.
 *
 * @example
 * sumQueueAttributes({ ApproximateNumberOfMessages: '200', ApproximateNumberOfMessagesNotVisible: '100' },
 *   ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']); // 300
 */
export function sumQueueAttributes(
  attributes: Readonly<Record<string, string>>,
  names: readonly SqsCountAttribute[],
): number {
  let total = 0n;
  for (const name of names) {
    const text = Object.hasOwn(attributes, name) ? attributes[name] : undefined;
    if (text === undefined) throw new Error(`metric ${name} not found in SQS queue attributes`);
    const value = /^[+-]?[0-9]+$/.test(text) ? BigInt(text) : undefined;
    if (value === undefined || value < INT64_MIN || value > INT64_MAX) {
      throw new Error(`attribute ${name} is not a base-10 int64: ${JSON.stringify(text.slice(0, 40))}`);
    }
    total += value;
  }
  return Number(total);
}

// AWS error codes (the SDK's error names) that mean the queue is not there, or the identity is refused.
const NOT_FOUND_CODES = new Set(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue']);
const AUTHENTICATION_CODES = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'AccessDenied',
  'AccessDeniedException',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSecurity',
  'MissingAuthenticationToken',
  'CredentialsProviderError',
]);

function classifySqsError(error: unknown): ScalerErrorCode | undefined {
  const code = errorCode(error) ?? (error instanceof Error ? error.name : undefined);
  if (code !== undefined && NOT_FOUND_CODES.has(code)) return 'NOT_FOUND';
  if (code !== undefined && AUTHENTICATION_CODES.has(code)) return 'AUTHENTICATION_ERROR';
  return undefined;
}

/** Where the client sends requests, for messages: `awsEndpoint` (without any userinfo), or the region's endpoint. */
function endpointOf(config: AwsSqsQueueScalerConfig): string {
  if (config.awsEndpoint === undefined) return `the ${config.awsRegion} regional endpoint`;
  return describeUrl(config.awsEndpoint).replace(/\/$/, '');
}

/** Triggers with the same region, endpoint and identity share one client (secrets are hashed in the key). */
function sqsConnectionKey(config: AwsSqsQueueScalerConfig): string {
  return connectionKey(AWS_SQS_QUEUE_TYPE, config.awsEndpoint ?? `region:${config.awsRegion}`, {
    awsRegion: config.awsRegion,
    awsEndpoint: config.awsEndpoint,
    usingPodIdentity: config.usingPodIdentity,
    podIdentityOwner: config.podIdentityOwner,
    awsRoleArn: config.awsRoleArn,
    awsExternalID: config.awsExternalID,
    awsAccessKeyID: config.awsAccessKeyID,
    awsSecretAccessKey: config.awsSecretAccessKey,
    awsSessionToken: config.awsSessionToken,
  });
}

/**
 * The scaler of one parsed `aws-sqs-queue` trigger. A poll sends one GetQueueAttributes for exactly the
 * attributes in `config.attributeNames` and reports their sum; the trigger is active above
 * `activationQueueLength`. Bounded by the host's `timeoutMs` (default 3000 ms).
 *
 * @example
 * const scaler = createAwsSqsQueueScaler(awsSqsQueueScaler.parse({ metadata, authParams }), context);
 * const [spec] = scaler.getMetricSpecs(); // { metricName: 's0-aws-sqs-orders', targetType: 'AverageValue', targetValue: 5 }
 */
export function createAwsSqsQueueScaler(
  config: AwsSqsQueueScalerConfig,
  context: ScalerContext,
  options: AwsSqsQueueScalerOptions = {},
): Scaler {
  const createClient = options.createClient ?? createAwsSdkSqsClient;
  const assumeRole = options.assumeRole ?? assumeRoleWithSdk;
  return createPolledScaler<SqsClientLike>(
    {
      type: AWS_SQS_QUEUE_TYPE,
      describe: `reading queue "${config.queueName}" at ${endpointOf(config)}`,
      metricSpecs: [metricSpec(config, `aws-sqs-${config.queueName}`, config.queueLength)],
      secrets: [config.awsSecretAccessKey, config.awsSessionToken],
      classify: classifySqsError,
      connection: {
        key: sqsConnectionKey(config),
        open: () =>
          createClient({
            region: config.awsRegion,
            endpoint: config.awsEndpoint,
            credentials: awsCredentials(config, config.awsRegion, assumeRole),
          }),
        close: (client) => client.close(),
      },
      measure: async (client, { signal }) => {
        const attributes = await client.getQueueAttributes(
          { queueUrl: config.queueURL, attributeNames: config.attributeNames },
          { signal },
        );
        const count = sumQueueAttributes(attributes, config.attributeNames);
        return { value: count, isActive: count > config.activationQueueLength };
      },
    },
    context,
  );
}

/**
 * KEDA's `aws-sqs-queue` trigger. Register it where you like (`registry.register(awsSqsQueueScaler)`), or import
 * `@scalerkit/aws-sqs/register` to add it to the default registry.
 *
 * @example
 * const config = awsSqsQueueScaler.parse({
 *   metadata: { queueURL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders', awsRegion: 'eu-west-1', queueLength: '10' },
 *   authParams: { awsAccessKeyID: 'AKIA...', awsSecretAccessKey: '...' },
 * });
 * const scaler = awsSqsQueueScaler.create(config, context);
 */
export const awsSqsQueueScaler = defineScaler<AwsSqsQueueScalerConfig>({
  type: AWS_SQS_QUEUE_TYPE,
  packageName: '@scalerkit/aws-sqs',
  parse: parseAwsSqsQueueParameters,
  create: (config, context) => createAwsSqsQueueScaler(config, context),
});
