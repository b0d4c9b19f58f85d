import { describe, expect, it } from 'vitest';
import { ScalerError } from '../errors.js';
import type { Logger } from '../logger.js';
import { resolveTriggerAuthentication } from './authentication-resolver.js';
import { createEnvSecretProvider, createStaticSecretProvider, secretEnvName } from './secret-providers.js';
import { parseTriggerAuthentication } from './trigger-authentication.js';
import type { AuthenticationRef } from './types.js';

const SECRET = 'p4ss-w0rd-that-must-not-leak';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, debug: write, info: write, warn: write, error: write };
}

const auth = (name: string, spec: Record<string, unknown>, kind = 'TriggerAuthentication', namespace?: string) =>
  parseTriggerAuthentication({
    apiVersion: 'keda.sh/v1alpha1',
    kind,
    metadata: namespace === undefined ? { name } : { name, namespace },
    spec,
  });

const trigger = (name: string, kind: AuthenticationRef['kind'] = 'TriggerAuthentication') => ({
  type: 'kafka',
  authenticationRef: { name, kind },
});

async function rejection(promise: Promise<unknown>): Promise<ScalerError> {
  try {
    await promise;
  } catch (error) {
    if (ScalerError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ScalerError');
}

describe('resolveTriggerAuthentication', () => {
  it('returns {} for a trigger without authenticationRef', async () => {
    expect(await resolveTriggerAuthentication({ type: 'kafka' }, {})).toEqual({});
  });

  it('resolves secretTargetRef through a static provider', async () => {
    const kafka = auth('kafka-auth', {
      secretTargetRef: [
        { parameter: 'sasl', name: 'kafka-secrets', key: 'sasl' },
        { parameter: 'password', name: 'kafka-secrets', key: 'password' },
      ],
    });
    const params = await resolveTriggerAuthentication(trigger('kafka-auth'), {
      authentications: [kafka],
      secrets: createStaticSecretProvider({ 'kafka-secrets': { sasl: 'plaintext', password: SECRET } }),
    });
    expect(params).toEqual({ sasl: 'plaintext', password: SECRET });
  });

  it('applies env, then configMapTargetRef, then secretTargetRef, later ones overwriting', async () => {
    const layered = auth('layered', {
      // Written in the reverse order on purpose: KEDA's order does not depend on the YAML order.
      secretTargetRef: [{ parameter: 'host', name: 's', key: 'host' }],
      configMapTargetRef: [
        { parameter: 'host', name: 'c', key: 'host' },
        { parameter: 'vhost', name: 'c', key: 'vhost' },
      ],
      env: [
        { parameter: 'host', name: 'HOST' },
        { parameter: 'vhost', name: 'VHOST' },
        { parameter: 'queue', name: 'QUEUE' },
      ],
    });
    const params = await resolveTriggerAuthentication(trigger('layered'), {
      authentications: [layered],
      env: { HOST: 'from-env', VHOST: 'env-vhost', QUEUE: 'env-queue' },
      configMaps: createStaticSecretProvider({ c: { host: 'from-configmap', vhost: 'cm-vhost' } }),
      secrets: createStaticSecretProvider({ s: { host: 'from-secret' } }),
    });
    expect(params).toEqual({ host: 'from-secret', vhost: 'cm-vhost', queue: 'env-queue' });
  });

  it('reads env of a named container when given, else the scale target container', async () => {
    const withContainers = auth('env', {
      env: [
        { parameter: 'a', name: 'A', containerName: 'sidecar' },
        { parameter: 'b', name: 'B' },
      ],
    });
    const params = await resolveTriggerAuthentication(trigger('env'), {
      authentications: [withContainers],
      env: { A: 'main-a', B: 'main-b' },
      containerEnv: { sidecar: { A: 'sidecar-a' } },
    });
    expect(params).toEqual({ a: 'sidecar-a', b: 'main-b' });
  });

  it('skips an unset env variable with a warning that names it', async () => {
    const logger = recordingLogger();
    const params = await resolveTriggerAuthentication(trigger('env'), {
      authentications: [auth('env', { env: [{ parameter: 'host', name: 'HOST' }] })],
      env: {},
      logger,
    });
    expect(params).toEqual({});
    expect(logger.lines).toEqual([
      'TriggerAuthentication "env": env variable "HOST" for parameter "host" is not set {}',
    ]);
  });

  it('logs and returns {} when the referenced TriggerAuthentication is missing (as KEDA does)', async () => {
    const logger = recordingLogger();
    const params = await resolveTriggerAuthentication(
      { type: 'rabbitmq', name: 'q', authenticationRef: { name: 'missing', kind: 'TriggerAuthentication' } },
      { authentications: [auth('other', {})], logger },
    );
    expect(params).toEqual({});
    expect(logger.lines).toEqual([
      'TriggerAuthentication "missing" not found; the trigger gets no authentication parameters {"triggerType":"rabbitmq","triggerName":"q"}',
    ]);
  });

  it('does not match a TriggerAuthentication of another kind or namespace', async () => {
    const sources = {
      authentications: [auth('a', { env: [{ parameter: 'p', name: 'P' }] }, 'TriggerAuthentication', 'other-ns')],
      env: { P: 'v' },
      namespace: 'shop',
    };
    expect(await resolveTriggerAuthentication(trigger('a'), sources)).toEqual({});
    expect(await resolveTriggerAuthentication(trigger('a', 'ClusterTriggerAuthentication'), sources)).toEqual({});
    expect(await resolveTriggerAuthentication(trigger('a'), { ...sources, namespace: 'other-ns' })).toEqual({ p: 'v' });
  });

  it('accepts a map by name or by kind/name, and raw manifests', async () => {
    const spec = { env: [{ parameter: 'p', name: 'P' }] };
    const env = { P: 'v' };
    expect(
      await resolveTriggerAuthentication(trigger('by-name'), { authentications: { 'by-name': spec }, env }),
    ).toEqual({ p: 'v' });
    expect(
      await resolveTriggerAuthentication(trigger('c', 'ClusterTriggerAuthentication'), {
        authentications: { 'ClusterTriggerAuthentication/c': spec },
        env,
      }),
    ).toEqual({ p: 'v' });
    const raw = { apiVersion: 'keda.sh/v1alpha1', kind: 'TriggerAuthentication', metadata: { name: 'raw' }, spec };
    expect(await resolveTriggerAuthentication(trigger('raw'), { authentications: [raw], env })).toEqual({ p: 'v' });
  });

  it('reads ClusterTriggerAuthentication secrets from the cluster object namespace (default keda)', async () => {
    const seen: (string | undefined)[] = [];
    const secrets = {
      getSecret: (namespace: string | undefined) => {
        seen.push(namespace);
        return 'value';
      },
    };
    const cluster = auth(
      'c',
      { secretTargetRef: [{ parameter: 'p', name: 's', key: 'k' }] },
      'ClusterTriggerAuthentication',
    );
    const namespaced = auth(
      'n',
      { secretTargetRef: [{ parameter: 'p', name: 's', key: 'k' }] },
      'TriggerAuthentication',
      'shop',
    );
    await resolveTriggerAuthentication(trigger('c', 'ClusterTriggerAuthentication'), {
      authentications: [cluster],
      secrets,
      namespace: 'shop',
    });
    await resolveTriggerAuthentication(trigger('c', 'ClusterTriggerAuthentication'), {
      authentications: [cluster],
      secrets,
      clusterObjectNamespace: 'keda-system',
    });
    await resolveTriggerAuthentication(trigger('n'), { authentications: [namespaced], secrets });
    expect(seen).toEqual(['keda', 'keda-system', 'shop']);
  });

  it('awaits asynchronous providers', async () => {
    const secrets = { getSecret: async (_ns: string | undefined, name: string, key: string) => `${name}/${key}` };
    const params = await resolveTriggerAuthentication(trigger('a'), {
      authentications: [auth('a', { secretTargetRef: [{ parameter: 'p', name: 's', key: 'k' }] })],
      secrets,
    });
    expect(params).toEqual({ p: 's/k' });
  });

  it('names the secret and key, never a value, when a key is missing', async () => {
    const error = await rejection(
      resolveTriggerAuthentication(trigger('a'), {
        authentications: [
          auth('a', { secretTargetRef: [{ parameter: 'password', name: 'kafka-secrets', key: 'pasword' }] }),
        ],
        secrets: createStaticSecretProvider({ 'kafka-secrets': { password: SECRET } }),
      }),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe(
      'TriggerAuthentication "a": secret "kafka-secrets" has no key "pasword" (needed for parameter "password")',
    );
  });

  it('wraps a provider failure without its message', async () => {
    const failure = new Error(`backend said ${SECRET}`);
    const error = await rejection(
      resolveTriggerAuthentication(trigger('a'), {
        authentications: [auth('a', { configMapTargetRef: [{ parameter: 'p', name: 'cm', key: 'k' }] })],
        configMaps: {
          getSecret: () => {
            throw failure;
          },
        },
      }),
    );
    expect(error.message).toBe('TriggerAuthentication "a": reading configMap "cm" key "k" failed');
    expect(error.cause).toBe(failure);
  });

  it('needs a provider for secretTargetRef and configMapTargetRef', async () => {
    const error = await rejection(
      resolveTriggerAuthentication(trigger('a'), {
        authentications: [auth('a', { secretTargetRef: [{ parameter: 'p', name: 's', key: 'k' }] })],
      }),
    );
    expect(error.message).toBe(
      'TriggerAuthentication "a": secretTargetRef needs a provider in sources.secrets (e.g. createStaticSecretProvider)',
    );
  });

  const unsupported: [string, Record<string, unknown>][] = [
    [
      'hashiCorpVault',
      {
        hashiCorpVault: {
          address: 'https://vault',
          authentication: 'token',
          secrets: [{ parameter: 'p', key: 'k', path: 'secret/p' }],
        },
      },
    ],
    ['azureKeyVault', { azureKeyVault: { vaultUri: 'https://kv', secrets: [{ parameter: 'p', name: 'n' }] } }],
    ['gcpSecretManager', { gcpSecretManager: { secrets: [] } }],
    ['awsSecretManager', { awsSecretManager: { secrets: [] } }],
    ['boundServiceAccountToken', { boundServiceAccountToken: [{ parameter: 't', serviceAccountName: 'sa' }] }],
    ['oauth2', { oauth2: { tokenUrl: 'https://idp' } }],
    ['awsParameterStore', { awsParameterStore: { parameters: [{ parameter: 'p', name: '/app/p' }] } }],
    ['akeyless', { akeyless: { accessId: 'p-0123456789ab', secrets: [{ parameter: 'p', path: '/p' }] } }],
  ];
  for (const [source, spec] of unsupported) {
    it(`refuses ${source} as not supported yet`, async () => {
      const error = await rejection(resolveTriggerAuthentication(trigger('a'), { authentications: [auth('a', spec)] }));
      expect(error.code).toBe('AUTHENTICATION_ERROR');
      expect(error.message).toContain(`TriggerAuthentication "a": ${source} is not supported by scalerkit yet`);
    });
  }

  it('refuses filePath: not supported yet on a ClusterTriggerAuthentication, an error on a TriggerAuthentication as in KEDA', async () => {
    const spec = { filePath: 'creds/all.json', env: [{ parameter: 'p', name: 'P' }] };
    const cluster = await rejection(
      resolveTriggerAuthentication(trigger('c', 'ClusterTriggerAuthentication'), {
        authentications: [auth('c', spec, 'ClusterTriggerAuthentication')],
      }),
    );
    expect(cluster.message).toContain('ClusterTriggerAuthentication "c": filePath is not supported by scalerkit yet');
    const namespaced = await rejection(
      resolveTriggerAuthentication(trigger('t'), { authentications: [auth('t', spec)], env: { P: 'v' } }),
    );
    expect(namespaced.code).toBe('AUTHENTICATION_ERROR');
    expect(namespaced.message).toBe(
      'TriggerAuthentication "t": filePath is only supported for ClusterTriggerAuthentication',
    );
    // An empty filePath is unset for KEDA (`FilePath != ""`).
    expect(
      await resolveTriggerAuthentication(trigger('t'), {
        authentications: [auth('t', { ...spec, filePath: '' })],
        env: { P: 'v' },
      }),
    ).toEqual({ p: 'v' });
  });

  it('adds awsRoleArn for podIdentity aws, as KEDA does', async () => {
    const params = await resolveTriggerAuthentication(trigger('a'), {
      authentications: [auth('a', { podIdentity: { provider: 'aws', roleArn: 'arn:aws:iam::1:role/r' } })],
    });
    expect(params).toEqual({ awsRoleArn: 'arn:aws:iam::1:role/r' });
  });

  it('warns that other podIdentity providers are left to the SDK default credentials', async () => {
    const logger = recordingLogger();
    const none = await resolveTriggerAuthentication(trigger('n'), {
      authentications: [auth('n', { podIdentity: { provider: 'none' } })],
      logger,
    });
    const azure = await resolveTriggerAuthentication(trigger('z'), {
      authentications: [auth('z', { podIdentity: { provider: 'azure-workload' } })],
      logger,
    });
    expect([none, azure]).toEqual([{}, {}]);
    expect(logger.lines).toEqual([
      'TriggerAuthentication "z": podIdentity provider "azure-workload" reaches the scaler as TriggerInput.podIdentity; a scaler that does not read it uses its SDK\'s default credentials {}',
    ]);
  });

  it('never logs a secret value', async () => {
    const logger = recordingLogger();
    await resolveTriggerAuthentication(trigger('a'), {
      authentications: [
        auth('a', {
          env: [{ parameter: 'x', name: 'UNSET' }],
          secretTargetRef: [{ parameter: 'password', name: 's', key: 'k' }],
          podIdentity: { provider: 'gcp' },
        }),
      ],
      secrets: createStaticSecretProvider({ s: { k: SECRET } }),
      logger,
    });
    expect(logger.lines.length).toBe(2);
    expect(logger.lines.join('\n')).not.toContain(SECRET);
  });
});

describe('secret providers', () => {
  it('static provider: namespaced entries win over plain names', () => {
    const provider = createStaticSecretProvider({ s: { k: 'plain' }, 'shop/s': { k: 'shop' } });
    expect(provider.getSecret('shop', 's', 'k')).toBe('shop');
    expect(provider.getSecret('other', 's', 'k')).toBe('plain');
    expect(provider.getSecret(undefined, 's', 'k')).toBe('plain');
    expect(provider.getSecret(undefined, 's', 'missing')).toBeUndefined();
    expect(provider.getSecret(undefined, 'toString', 'length')).toBeUndefined();
    expect(provider.getSecret(undefined, 's', 'toString')).toBeUndefined();
    expect(provider.getConfigMap?.(undefined, 's', 'k')).toBe('plain');
  });

  it('env provider reads NAME_KEY in upper snake case', () => {
    expect(secretEnvName('kafka-secrets', 'sasl.password')).toBe('KAFKA_SECRETS_SASL_PASSWORD');
    const provider = createEnvSecretProvider({ KAFKA_SECRETS_SASL_PASSWORD: 'v' });
    expect(provider.getSecret('ns', 'kafka-secrets', 'sasl.password')).toBe('v');
    expect(provider.getSecret('ns', 'kafka-secrets', 'other')).toBeUndefined();
  });

  it('env provider defaults to process.env', () => {
    process.env.SCALERKIT_TEST_SECRET_KEY = 'from-process';
    try {
      expect(createEnvSecretProvider().getSecret(undefined, 'scalerkit-test-secret', 'key')).toBe('from-process');
    } finally {
      delete process.env.SCALERKIT_TEST_SECRET_KEY;
    }
  });
});
