// The `aws-sqs-queue` trigger's parameters: KEDA v2.21.0 pkg/scalers/aws_sqs_queue_scaler.go
// (awsSqsQueueMetadata and parseAwsSqsQueueMetadata).
import {
  type InferParameters,
  type ParseContext,
  parameters as p,
  ScalerConfigError,
  type TriggerInput,
} from '@scalerkit/core';
import { parseTrigger, type TriggerIdentity } from '@scalerkit/core/scaler-kit';
import { type AwsAuthorization, type AwsPodIdentity, resolveAwsAuthorization } from './aws-authorization.js';
import { parseRequestUriPath } from './go-request-uri.js';

/** The trigger type, as in KEDA. */
export const AWS_SQS_QUEUE_TYPE = 'aws-sqs-queue';

/**
 * KEDA's `aws-sqs-queue` typed parameters, in KEDA's field order (which is the order of its errors). The
 * authentication parameters are read outside these, as KEDA reads them (see `resolveAwsAuthorization`).
 */
export const awsSqsQueueParameters = {
  queueLength: p.integer({ default: 5, description: 'Target number of messages per replica.' }),
  activationQueueLength: p.integer({
    default: 0,
    description: 'The trigger is active when the message count is above this.',
  }),
  queueURL: p.string({
    order: ['metadata', 'resolvedEnv'],
    description:
      'Queue URL (`https://sqs.<region>.amazonaws.com/<account>/<name>`), sent as is; a value that is not a URL is taken as the queue name.',
  }),
  awsRegion: p.string({
    order: ['metadata', 'authParams'],
    description: 'AWS region of the client and of request signing (never taken from the URL).',
  }),
  awsEndpoint: p.string({
    optional: true,
    description: 'Endpoint to call instead of the regional one (an emulator, a VPC endpoint).',
  }),
  scaleOnInFlight: p.boolean({
    default: true,
    description: 'Count in-flight messages (`ApproximateNumberOfMessagesNotVisible`).',
  }),
  scaleOnDelayed: p.boolean({
    default: false,
    description: 'Count delayed messages (`ApproximateNumberOfMessagesDelayed`).',
  }),
  identityOwner: p.string({
    optional: true,
    description:
      "`pod` (default) uses the trigger's credentials; `operator`, or any other value, the process's own (see Authentication).",
  }),
};

/**
 * The authentication parameters, declared for documentation (the README table) and for tools that list a
 * trigger's keys. `parse()` reads them with KEDA's own rules, which depend on each other and on
 * `identityOwner` (see `resolveAwsAuthorization`): untrimmed, `awsAccessKeyId` only in authParams, a secret
 * from the same place as its key id.
 */
export const awsAuthenticationParameters = {
  awsRoleArn: p.string({
    order: ['authParams'],
    optional: true,
    description: 'Role to assume (STS AssumeRole from the default credentials).',
  }),
  awsAccessKeyID: p.string({
    name: ['awsAccessKeyID', 'awsAccessKeyId'],
    order: ['authParams', 'metadata', 'resolvedEnv'],
    optional: true,
    description: 'Access key id; `awsAccessKeyId` is accepted in authParams only.',
  }),
  awsSecretAccessKey: p.string({
    order: ['authParams', 'resolvedEnv'],
    optional: true,
    secret: true,
    description: 'Secret access key, from where the key id came (authParams, or the env for a metadata key id).',
  }),
  awsSessionToken: p.string({
    order: ['authParams'],
    optional: true,
    secret: true,
    description: 'Session token of temporary credentials.',
  }),
};

/** The three counts KEDA can sum. */
export type SqsCountAttribute =
  | 'ApproximateNumberOfMessages'
  | 'ApproximateNumberOfMessagesNotVisible'
  | 'ApproximateNumberOfMessagesDelayed';

/** What `parse()` reads: a `TriggerInput` whose `podIdentity` may carry KEDA's `externalID` too. */
export interface AwsSqsTriggerInput extends TriggerInput {
  podIdentity?: AwsPodIdentity;
}

/**
 * The parsed `aws-sqs-queue` trigger: KEDA's metadata names with KEDA's defaults, the queue name taken from
 * the URL, the attributes a poll asks for, the resolved AWS identity (`awsSecretAccessKey` and
 * `awsSessionToken` are kept for the client only) and the trigger's identity.
 */
export type AwsSqsQueueScalerConfig = InferParameters<typeof awsSqsQueueParameters> &
  TriggerIdentity &
  AwsAuthorization & {
    /** The name in the metric name: the URL's last path segment, or the whole `queueURL` when it is not a URL. */
    queueName: string;
    /** `ApproximateNumberOfMessages`, then NotVisible with `scaleOnInFlight`, then Delayed with `scaleOnDelayed`. */
    attributeNames: SqsCountAttribute[];
  };

function configError(parameter: string, message: string): ScalerConfigError {
  return new ScalerConfigError(`${AWS_SQS_QUEUE_TYPE}: ${message}`, { parameter, scalerType: AWS_SQS_QUEUE_TYPE });
}

/**
 * KEDA's queue name rule: when Go's `url.ParseRequestURI` accepts `queueURL`, its path must be exactly
 * `/<account>/<name>`; otherwise the whole string is the name. Returns undefined when the path does not fit.
 */
export function queueNameOf(queueURL: string): string | undefined {
  const path = parseRequestUriPath(queueURL);
  if (path === undefined) return queueURL;
  const parts = path.split('/');
  return parts.length === 3 && parts[2] !== '' ? parts[2] : undefined;
}

/**
 * Parses an `aws-sqs-queue` trigger as KEDA's parseAwsSqsQueueMetadata does, in its order: typed parameters
 * (every problem reported together), then the queue name, then the AWS identity. Throws one
 * `ScalerConfigError` naming the parameter; secrets never appear in it.
 *
 * @example
 * const config = parseAwsSqsQueueParameters({
 *   metadata: { queueURL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders', awsRegion: 'eu-west-1' },
 *   authParams: { awsAccessKeyID: 'AKIA...', awsSecretAccessKey: '...' },
 * });
 * config.queueName; // 'orders'
 * config.queueLength; // 5
 */
export function parseAwsSqsQueueParameters(input: AwsSqsTriggerInput, context?: ParseContext): AwsSqsQueueScalerConfig {
  const typed = parseTrigger(awsSqsQueueParameters, input, { scalerType: AWS_SQS_QUEUE_TYPE }, context);
  const attributeNames: SqsCountAttribute[] = ['ApproximateNumberOfMessages'];
  if (typed.scaleOnInFlight) attributeNames.push('ApproximateNumberOfMessagesNotVisible');
  if (typed.scaleOnDelayed) attributeNames.push('ApproximateNumberOfMessagesDelayed');
  const queueName = queueNameOf(typed.queueURL);
  if (queueName === undefined) {
    throw configError(
      'queueURL',
      `cannot get queueName from queueURL ${JSON.stringify(typed.queueURL)}: a URL's path must be /<account id>/<queue name> (a value that is not a URL is used as the queue name)`,
    );
  }
  const authorization = resolveAwsAuthorization({
    metadata: input.metadata,
    authParams: input.authParams,
    resolvedEnv: input.resolvedEnv,
    podIdentity: input.podIdentity,
  });
  if ('message' in authorization) throw configError(authorization.parameter, authorization.message);
  return Object.assign(typed, authorization, { queueName, attributeNames });
}
