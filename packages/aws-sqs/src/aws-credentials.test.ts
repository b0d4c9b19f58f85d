import { describe, expect, it } from 'vitest';
import type { AwsAuthorization } from './aws-authorization.js';
import { type AssumeRoleRequest, awsCredentials } from './aws-credentials.js';

const role = 'arn:aws:iam::123456789012:role/r';

function recordingAssumeRole() {
  const requests: AssumeRoleRequest[] = [];
  const factory = (request: AssumeRoleRequest) => {
    requests.push(request);
    return async () => ({ accessKeyId: 'assumed', secretAccessKey: 'assumed' });
  };
  return { requests, factory };
}

// One table: resolved identity -> what the SDK client gets ('default chain', static keys, or an assumed role).
const cases: [string, AwsAuthorization, 'default chain' | object][] = [
  ['pod identity without a role: default chain', { usingPodIdentity: true, podIdentityOwner: false }, 'default chain'],
  [
    'pod identity with a role: AssumeRole, session KEDA, external id, web identity first',
    { usingPodIdentity: true, podIdentityOwner: false, awsRoleArn: role, awsExternalID: 'ext' },
    { roleArn: role, externalId: 'ext', roleSessionName: 'KEDA', region: 'eu-west-1', webIdentityFirst: true },
  ],
  [
    'static keys with a session token',
    {
      usingPodIdentity: false,
      podIdentityOwner: true,
      awsAccessKeyID: 'AKIA1',
      awsSecretAccessKey: 's',
      awsSessionToken: 't',
    },
    { accessKeyId: 'AKIA1', secretAccessKey: 's', sessionToken: 't' },
  ],
  [
    'static keys without a token',
    { usingPodIdentity: false, podIdentityOwner: true, awsAccessKeyID: 'AKIA1', awsSecretAccessKey: 's' },
    { accessKeyId: 'AKIA1', secretAccessKey: 's' },
  ],
  [
    'identityOwner pod with awsRoleArn: AssumeRole from the default chain, no session name',
    { usingPodIdentity: false, podIdentityOwner: true, awsRoleArn: role },
    { roleArn: role, externalId: undefined, region: 'eu-west-1', webIdentityFirst: false },
  ],
  ['identityOwner operator: default chain', { usingPodIdentity: false, podIdentityOwner: false }, 'default chain'],
];

describe("awsCredentials follows KEDA's GetAwsConfig", () => {
  for (const [name, authorization, expected] of cases) {
    it(name, async () => {
      const { requests, factory } = recordingAssumeRole();
      const credentials = awsCredentials(authorization, 'eu-west-1', factory);
      if (expected === 'default chain') {
        expect(credentials).toBeUndefined();
      } else if (requests.length > 0) {
        expect(requests).toEqual([expected]);
        expect(typeof credentials).toBe('function');
        await expect((credentials as () => Promise<unknown>)()).resolves.toEqual({
          accessKeyId: 'assumed',
          secretAccessKey: 'assumed',
        });
      } else {
        expect(credentials).toEqual(expected);
      }
    });
  }
});
