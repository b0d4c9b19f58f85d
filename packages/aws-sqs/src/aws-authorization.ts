// Which AWS identity a trigger uses: KEDA v2.21.0 pkg/scalers/aws/aws_common.go GetAwsAuthorization, read from
// the raw maps exactly as KEDA reads them (untrimmed, outside the typed parameters).
import type { PodIdentity } from '@scalerkit/core';

/**
 * The trigger's `podIdentity` (core's `PodIdentity`, KEDA's AuthPodIdentity) with KEDA's `externalID`. Only
 * provider `aws` changes anything here; `externalID` counts only together with `roleArn`.
 */
export type AwsPodIdentity = PodIdentity & { externalID?: string | undefined };

/** The identity KEDA's GetAwsAuthorization resolves (its AuthorizationMetadata, without the cache key). */
export interface AwsAuthorization {
  /** `podIdentity.provider: aws`: the SDK's default credentials, or `awsRoleArn` assumed from them. */
  usingPodIdentity: boolean;
  /**
   * `identityOwner` empty or `pod` (without pod identity): credentials come from the trigger (role, or keys).
   * False for `operator` and for any other value: the process's own default credentials.
   */
  podIdentityOwner: boolean;
  awsRoleArn?: string;
  awsExternalID?: string;
  awsAccessKeyID?: string;
  awsSecretAccessKey?: string;
  awsSessionToken?: string;
}

/** KEDA's two authorization errors (aws_common.go ErrAwsNoAccessKey, ErrAwsNoSecretAccessKey). */
export interface AwsAuthorizationProblem {
  parameter: 'awsAccessKeyID' | 'awsSecretAccessKey';
  message: string;
}

/** What GetAwsAuthorization reads. */
export interface AwsAuthorizationInput {
  metadata?: Readonly<Record<string, string>> | undefined;
  authParams?: Readonly<Record<string, string>> | undefined;
  resolvedEnv?: Readonly<Record<string, string>> | undefined;
  podIdentity?: AwsPodIdentity | undefined;
}

/** A Go map read: the own string value, `''` when absent. */
function read(map: Readonly<Record<string, unknown>> | undefined, key: string): string {
  if (map === undefined || map === null || !Object.hasOwn(map, key)) return '';
  const value = map[key];
  return typeof value === 'string' ? value : '';
}

/**
 * KEDA's GetAwsAuthorization. With `podIdentity.provider: aws`, every key and `identityOwner` is ignored: the
 * role is `podIdentity.roleArn` (with `podIdentity.externalID`), else `authParams.awsRoleArn` (without an
 * external id). Otherwise `identityOwner` decides: `operator`, and any value other than empty or `pod`, uses
 * the process's own credentials (no error, any `awsRoleArn` ignored); empty or `pod` takes `authParams.awsRoleArn`,
 * else `authParams.awsAccessKeyID` (or `awsAccessKeyId`) with `awsSecretAccessKey` (required) and
 * `awsSessionToken`, else `metadata.awsAccessKeyID` or the env var named by `awsAccessKeyIDFromEnv`, with the
 * secret from the env var named by `awsSecretAccessKeyFromEnv` (plain metadata never holds the secret).
 *
 * @example
 * resolveAwsAuthorization({ authParams: { awsAccessKeyId: 'AKIA...', awsSecretAccessKey: 's' } });
 * // { usingPodIdentity: false, podIdentityOwner: true, awsAccessKeyID: 'AKIA...', awsSecretAccessKey: 's' }
 */
export function resolveAwsAuthorization(input: AwsAuthorizationInput): AwsAuthorization | AwsAuthorizationProblem {
  const { metadata, authParams, resolvedEnv, podIdentity } = input;
  if (podIdentity?.provider === 'aws') {
    const authorization: AwsAuthorization = { usingPodIdentity: true, podIdentityOwner: false };
    const podRole = podIdentity.roleArn ?? '';
    if (podRole !== '') {
      authorization.awsRoleArn = podRole;
      const externalId = podIdentity.externalID ?? '';
      if (externalId !== '') authorization.awsExternalID = externalId;
    } else if (read(authParams, 'awsRoleArn') !== '') {
      authorization.awsRoleArn = read(authParams, 'awsRoleArn');
    }
    return authorization;
  }
  const owner = read(metadata, 'identityOwner');
  if (owner !== '' && owner !== 'pod') return { usingPodIdentity: false, podIdentityOwner: false };
  const authorization: AwsAuthorization = { usingPodIdentity: false, podIdentityOwner: true };
  const roleArn = read(authParams, 'awsRoleArn');
  if (roleArn !== '') return { ...authorization, awsRoleArn: roleArn };
  const authKey = read(authParams, 'awsAccessKeyID') || read(authParams, 'awsAccessKeyId');
  if (authKey !== '') {
    const secret = read(authParams, 'awsSecretAccessKey');
    if (secret === '') {
      return {
        parameter: 'awsSecretAccessKey',
        message:
          'awsSecretAccessKey not found: an access key id in the TriggerAuthentication needs "awsSecretAccessKey" there too',
      };
    }
    const token = read(authParams, 'awsSessionToken');
    return {
      ...authorization,
      awsAccessKeyID: authKey,
      awsSecretAccessKey: secret,
      ...(token === '' ? {} : { awsSessionToken: token }),
    };
  }
  let key = read(metadata, 'awsAccessKeyID');
  if (key === '' && read(metadata, 'awsAccessKeyIDFromEnv') !== '') {
    key = read(resolvedEnv, read(metadata, 'awsAccessKeyIDFromEnv'));
  }
  if (key === '') {
    return {
      parameter: 'awsAccessKeyID',
      message:
        'awsAccessKeyID not found: give "awsRoleArn" or "awsAccessKeyID"/"awsSecretAccessKey" in the TriggerAuthentication, ' +
        '"awsAccessKeyID" (or "awsAccessKeyIDFromEnv") with "awsSecretAccessKeyFromEnv" in metadata, ' +
        "or set identityOwner: operator to use the process's own credentials",
    };
  }
  const secretEnv = read(metadata, 'awsSecretAccessKeyFromEnv');
  const secret = secretEnv === '' ? '' : read(resolvedEnv, secretEnv);
  if (secret === '') {
    return {
      parameter: 'awsSecretAccessKey',
      message:
        'awsSecretAccessKey not found: an access key id in metadata needs "awsSecretAccessKeyFromEnv" naming a non-empty env var',
    };
  }
  return { ...authorization, awsAccessKeyID: key, awsSecretAccessKey: secret };
}
