export type {
  AwsAuthorization,
  AwsAuthorizationInput,
  AwsAuthorizationProblem,
  AwsPodIdentity,
} from './aws-authorization.js';
export { resolveAwsAuthorization } from './aws-authorization.js';
export type {
  AssumeRoleProviderFactory,
  AssumeRoleRequest,
  AwsCredentialIdentity,
  AwsCredentialProvider,
  AwsCredentialsSetting,
} from './aws-credentials.js';
export { assumeRoleWithSdk, awsCredentials } from './aws-credentials.js';
export type { AwsSdkSqsClientOptions, GetQueueAttributesRequest, SqsClientLike } from './aws-sqs-client.js';
export { createAwsSdkSqsClient, SqsRequestError } from './aws-sqs-client.js';
export type { AwsSqsQueueScalerConfig, AwsSqsTriggerInput, SqsCountAttribute } from './aws-sqs-parameters.js';
export {
  AWS_SQS_QUEUE_TYPE,
  awsAuthenticationParameters,
  awsSqsQueueParameters,
  parseAwsSqsQueueParameters,
  queueNameOf,
} from './aws-sqs-parameters.js';
export type { AwsSqsQueueScalerOptions } from './aws-sqs-scaler.js';
export { awsSqsQueueScaler, createAwsSqsQueueScaler, sumQueueAttributes } from './aws-sqs-scaler.js';
