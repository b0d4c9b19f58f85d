import { describe, expect, it } from 'vitest';
import { type AwsAuthorizationInput, resolveAwsAuthorization } from './aws-authorization.js';

const role = 'arn:aws:iam::123456789012:role/MyRole';
const key = 'AKIAIOSFODNN7EXAMPLE';
const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

// The first ten rows are KEDA v2.21.0 pkg/scalers/aws/aws_common_test.go TestGetAwsAuthorization; the rest
// pin the other branches of GetAwsAuthorization. One table, one loop.
const cases: [string, AwsAuthorizationInput, ReturnType<typeof resolveAwsAuthorization>][] = [
  [
    'PodIdentity AWS provider sets UsingPodIdentity',
    { podIdentity: { provider: 'aws' }, authParams: {} },
    { usingPodIdentity: true, podIdentityOwner: false },
  ],
  [
    'PodIdentity AWS with awsRoleArn sets both fields',
    { podIdentity: { provider: 'aws' }, authParams: { awsRoleArn: role } },
    { usingPodIdentity: true, podIdentityOwner: false, awsRoleArn: role },
  ],
  [
    'identityOwner=operator sets PodIdentityOwner false',
    { metadata: { identityOwner: 'operator' }, authParams: {} },
    { usingPodIdentity: false, podIdentityOwner: false },
  ],
  [
    'identityOwner=pod with awsRoleArn sets AwsRoleArn without access keys',
    { metadata: { identityOwner: 'pod' }, authParams: { awsRoleArn: role } },
    { usingPodIdentity: false, podIdentityOwner: true, awsRoleArn: role },
  ],
  [
    'identityOwner=pod with awsAccessKeyID sets key and secret',
    { metadata: { identityOwner: 'pod' }, authParams: { awsAccessKeyID: key, awsSecretAccessKey: secret } },
    { usingPodIdentity: false, podIdentityOwner: true, awsAccessKeyID: key, awsSecretAccessKey: secret },
  ],
  [
    'identityOwner=pod with awsAccessKeyID but no secret returns error',
    { metadata: { identityOwner: 'pod' }, authParams: { awsAccessKeyID: key } },
    { parameter: 'awsSecretAccessKey', message: expect.stringMatching(/^awsSecretAccessKey not found/) },
  ],
  [
    'identityOwner=pod awsAccessKeyId lowercase d fallback sets key',
    { metadata: { identityOwner: 'pod' }, authParams: { awsAccessKeyId: key, awsSecretAccessKey: secret } },
    { usingPodIdentity: false, podIdentityOwner: true, awsAccessKeyID: key, awsSecretAccessKey: secret },
  ],
  [
    'empty pod identity with triggerMetadata awsAccessKeyID sets key',
    {
      metadata: { awsAccessKeyID: key, awsSecretAccessKeyFromEnv: 'MY_SECRET_ENV' },
      authParams: {},
      resolvedEnv: { MY_SECRET_ENV: secret },
    },
    { usingPodIdentity: false, podIdentityOwner: true, awsAccessKeyID: key, awsSecretAccessKey: secret },
  ],
  [
    'identityOwner=pod with awsAccessKeyIDFromEnv resolves key from env',
    {
      metadata: {
        identityOwner: 'pod',
        awsAccessKeyIDFromEnv: 'AWS_KEY_ENV',
        awsSecretAccessKeyFromEnv: 'AWS_SECRET_ENV',
      },
      authParams: {},
      resolvedEnv: { AWS_KEY_ENV: key, AWS_SECRET_ENV: secret },
    },
    { usingPodIdentity: false, podIdentityOwner: true, awsAccessKeyID: key, awsSecretAccessKey: secret },
  ],
  [
    'missing both keys returns ErrAwsNoAccessKey',
    { metadata: {}, authParams: {}, resolvedEnv: {} },
    { parameter: 'awsAccessKeyID', message: expect.stringMatching(/^awsAccessKeyID not found/) },
  ],
  [
    'provider aws: podIdentity.roleArn with its externalID wins over authParams',
    {
      podIdentity: { provider: 'aws', roleArn: role, externalID: 'ext' },
      authParams: { awsRoleArn: 'other', awsAccessKeyID: key },
    },
    { usingPodIdentity: true, podIdentityOwner: false, awsRoleArn: role, awsExternalID: 'ext' },
  ],
  [
    'provider aws: an externalID without podIdentity.roleArn is not used',
    { podIdentity: { provider: 'aws', externalID: 'ext' }, authParams: { awsRoleArn: role } },
    { usingPodIdentity: true, podIdentityOwner: false, awsRoleArn: role },
  ],
  [
    'provider aws ignores keys and identityOwner',
    {
      podIdentity: { provider: 'aws' },
      metadata: { identityOwner: 'pod', awsAccessKeyID: key },
      authParams: { awsAccessKeyID: key },
    },
    { usingPodIdentity: true, podIdentityOwner: false },
  ],
  [
    'provider aws-eks goes through identityOwner (its role arrives as authParams.awsRoleArn)',
    { podIdentity: { provider: 'aws-eks' }, authParams: { awsRoleArn: role } },
    { usingPodIdentity: false, podIdentityOwner: true, awsRoleArn: role },
  ],
  [
    'identityOwner=operator ignores awsRoleArn and keys',
    { metadata: { identityOwner: 'operator' }, authParams: { awsRoleArn: role, awsAccessKeyID: key } },
    { usingPodIdentity: false, podIdentityOwner: false },
  ],
  [
    'an unknown identityOwner behaves like operator, without an error',
    { metadata: { identityOwner: 'workload' }, authParams: {} },
    { usingPodIdentity: false, podIdentityOwner: false },
  ],
  [
    'identityOwner is compared untrimmed (" pod" is not pod)',
    { metadata: { identityOwner: ' pod' }, authParams: {} },
    { usingPodIdentity: false, podIdentityOwner: false },
  ],
  [
    'awsAccessKeyID wins over awsAccessKeyId in authParams; the session token is kept',
    {
      authParams: { awsAccessKeyID: key, awsAccessKeyId: 'other', awsSecretAccessKey: secret, awsSessionToken: 'tok' },
    },
    {
      usingPodIdentity: false,
      podIdentityOwner: true,
      awsAccessKeyID: key,
      awsSecretAccessKey: secret,
      awsSessionToken: 'tok',
    },
  ],
  [
    'a key in authParams needs its secret in authParams (the env secret does not count)',
    {
      metadata: { awsSecretAccessKeyFromEnv: 'S' },
      authParams: { awsAccessKeyID: key },
      resolvedEnv: { S: secret },
    },
    { parameter: 'awsSecretAccessKey', message: expect.any(String) },
  ],
  [
    'a key in metadata needs its secret from the env (authParams secret does not count)',
    { metadata: { awsAccessKeyID: key }, authParams: { awsSecretAccessKey: secret } },
    { parameter: 'awsSecretAccessKey', message: expect.any(String) },
  ],
  [
    'metadata awsAccessKeyId (lowercase d) is not read',
    {
      metadata: { awsAccessKeyId: key, awsSecretAccessKeyFromEnv: 'S' },
      resolvedEnv: { S: secret },
    },
    { parameter: 'awsAccessKeyID', message: expect.any(String) },
  ],
  [
    'metadata awsAccessKeyID wins over awsAccessKeyIDFromEnv',
    {
      metadata: { awsAccessKeyID: key, awsAccessKeyIDFromEnv: 'K', awsSecretAccessKeyFromEnv: 'S' },
      resolvedEnv: { K: 'other', S: secret },
    },
    { usingPodIdentity: false, podIdentityOwner: true, awsAccessKeyID: key, awsSecretAccessKey: secret },
  ],
  [
    'an empty awsRoleArn falls through to the keys',
    { authParams: { awsRoleArn: '', awsAccessKeyId: key, awsSecretAccessKey: secret } },
    { usingPodIdentity: false, podIdentityOwner: true, awsAccessKeyID: key, awsSecretAccessKey: secret },
  ],
];

describe("resolveAwsAuthorization follows KEDA's GetAwsAuthorization", () => {
  for (const [name, input, expected] of cases) {
    it(name, () => {
      expect(resolveAwsAuthorization(input)).toEqual(expected);
    });
  }

  it('never puts a secret into a problem message', () => {
    const problems = [
      resolveAwsAuthorization({ authParams: { awsAccessKeyID: key, awsSessionToken: 'token-value' } }),
      resolveAwsAuthorization({
        metadata: { awsAccessKeyID: key, awsSecretAccessKeyFromEnv: 'EMPTY' },
        resolvedEnv: { EMPTY: '' },
      }),
    ];
    for (const problem of problems) {
      expect('message' in problem).toBe(true);
      expect(JSON.stringify(problem)).not.toMatch(/token-value|AKIA/);
    }
  });
});
