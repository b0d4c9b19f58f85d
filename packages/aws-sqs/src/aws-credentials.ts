// The SDK credentials for a resolved AWS identity, as KEDA v2.21.0 builds its aws.Config
// (pkg/scalers/aws/aws_common.go GetAwsConfig, aws_config_cache.go GetCredentials).
import type { AwsAuthorization } from './aws-authorization.js';

/** AWS credentials as the JS SDK takes them. */
export interface AwsCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** A function the SDK calls for (refreshed) credentials; it caches them itself. */
export type AwsCredentialProvider = () => Promise<AwsCredentialIdentity>;

/** How the SDK client gets its credentials: none given means the SDK's default provider chain. */
export type AwsCredentialsSetting = AwsCredentialIdentity | AwsCredentialProvider | undefined;

/** A role to assume, and from which credentials. */
export interface AssumeRoleRequest {
  roleArn: string;
  externalId?: string | undefined;
  /** `KEDA` on the pod-identity path; the SDK's own default otherwise (KEDA's legacy path sets none). */
  roleSessionName?: string | undefined;
  /** Region of the STS client (the trigger's `awsRegion`). */
  region: string;
  /** Pod identity: try AssumeRoleWithWebIdentity with `AWS_WEB_IDENTITY_TOKEN_FILE` first (KEDA does). */
  webIdentityFirst: boolean;
}

/** Builds role-assuming credential providers. The default one uses `@aws-sdk/credential-providers`. */
export type AssumeRoleProviderFactory = (request: AssumeRoleRequest) => AwsCredentialProvider;

const CREDENTIAL_PROVIDERS_PACKAGE = '@aws-sdk/credential-providers';

interface CredentialProvidersModule {
  fromTemporaryCredentials(options: {
    params: { RoleArn: string; RoleSessionName?: string; ExternalId?: string };
    clientConfig?: { region?: string };
  }): AwsCredentialProvider;
  fromTokenFile(options: {
    roleArn?: string;
    roleSessionName?: string;
    clientConfig?: { region?: string };
  }): AwsCredentialProvider;
}

async function loadCredentialProviders(): Promise<CredentialProvidersModule> {
  try {
    // A variable specifier: the package is an optional peer, loaded only by triggers that assume a role.
    const specifier = CREDENTIAL_PROVIDERS_PACKAGE;
    return (await import(specifier)) as CredentialProvidersModule;
  } catch (error) {
    throw new Error(
      `assuming awsRoleArn needs ${CREDENTIAL_PROVIDERS_PACKAGE} (npm install ${CREDENTIAL_PROVIDERS_PACKAGE})`,
      { cause: error },
    );
  }
}

/**
 * The default `AssumeRoleProviderFactory`: STS AssumeRole from the SDK's default credentials, or, for pod
 * identity with `AWS_WEB_IDENTITY_TOKEN_FILE` set, AssumeRoleWithWebIdentity when it works (checked once, on
 * first use) and AssumeRole otherwise, as KEDA's retrievePodIdentityCredentials does.
 */
export const assumeRoleWithSdk: AssumeRoleProviderFactory = (request) => {
  let chosen: Promise<AwsCredentialProvider> | undefined;
  const choose = async (): Promise<AwsCredentialProvider> => {
    const providers = await loadCredentialProviders();
    const clientConfig = { region: request.region };
    const assumeRole = providers.fromTemporaryCredentials({
      params: {
        RoleArn: request.roleArn,
        ...(request.roleSessionName ? { RoleSessionName: request.roleSessionName } : {}),
        ...(request.externalId ? { ExternalId: request.externalId } : {}),
      },
      clientConfig,
    });
    if (!request.webIdentityFirst || !process.env.AWS_WEB_IDENTITY_TOKEN_FILE) return assumeRole;
    const webIdentity = providers.fromTokenFile({
      roleArn: request.roleArn,
      roleSessionName: request.roleSessionName ?? 'KEDA',
      clientConfig,
    });
    try {
      await webIdentity();
      return webIdentity;
    } catch {
      return assumeRole;
    }
  };
  return async () => {
    chosen ??= choose();
    chosen.catch(() => {
      chosen = undefined;
    });
    return (await chosen)();
  };
};

/**
 * The credentials of a resolved identity, as KEDA's GetAwsConfig chooses them: pod identity uses the default
 * chain, or assumes its role (session `KEDA`, external id); static keys are used as given (with the session
 * token); `identityOwner: pod` with `awsRoleArn` assumes the role from the default chain; everything else
 * (`identityOwner: operator`) is the SDK's default chain.
 *
 * @example
 * awsCredentials({ usingPodIdentity: false, podIdentityOwner: true, awsAccessKeyID: 'AKIA...', awsSecretAccessKey: 's' }, 'eu-west-1');
 * // { accessKeyId: 'AKIA...', secretAccessKey: 's' }
 */
export function awsCredentials(
  authorization: AwsAuthorization,
  region: string,
  assumeRole: AssumeRoleProviderFactory = assumeRoleWithSdk,
): AwsCredentialsSetting {
  const { awsRoleArn, awsExternalID, awsAccessKeyID, awsSecretAccessKey, awsSessionToken } = authorization;
  if (authorization.usingPodIdentity) {
    if (!awsRoleArn) return undefined;
    return assumeRole({
      roleArn: awsRoleArn,
      externalId: awsExternalID,
      roleSessionName: 'KEDA',
      region,
      webIdentityFirst: true,
    });
  }
  if (awsAccessKeyID && awsSecretAccessKey) {
    return {
      accessKeyId: awsAccessKeyID,
      secretAccessKey: awsSecretAccessKey,
      ...(awsSessionToken ? { sessionToken: awsSessionToken } : {}),
    };
  }
  if (authorization.podIdentityOwner && awsRoleArn) {
    return assumeRole({ roleArn: awsRoleArn, externalId: awsExternalID, region, webIdentityFirst: false });
  }
  return undefined;
}
