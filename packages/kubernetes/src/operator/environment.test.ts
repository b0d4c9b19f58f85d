import { describe, expect, it } from 'vitest';
import {
  expandEnvValue,
  type ObjectDataReader,
  resolveContainerEnv,
  resolveWorkloadEnvironment,
} from './environment.js';

const reader: ObjectDataReader = {
  getSecret: async (namespace, name) =>
    namespace === 'shop' && name === 'creds' ? { password: 's3cret', user: 'app' } : undefined,
  getConfigMap: async (namespace, name) =>
    namespace === 'shop' && name === 'settings' ? { HOST: 'queue.local', PORT: '5672' } : undefined,
};

describe('expandEnvValue (KEDA resolveEnvValue)', () => {
  const env = { HOST: 'queue.local', EMPTY: '' };
  const cases: [string, string][] = [
    ['amqp://$(HOST):5672', 'amqp://queue.local:5672'],
    ['$(MISSING)/x', '$(MISSING)/x'],
    ['$$(HOST)', '$(HOST)'],
    ['a$(EMPTY)b', 'ab'],
    ['$(HOST', '$(HOST'],
    ['cost $5', 'cost $5'],
    ['$(H)', '$(H)'],
    ['x$(HOST)', 'xqueue.local'],
  ];
  for (const [value, expected] of cases) {
    it(`${JSON.stringify(value)} -> ${JSON.stringify(expected)}`, () => {
      expect(expandEnvValue(value, env)).toBe(expected);
    });
  }
});

describe('resolveContainerEnv (KEDA resolveEnv)', () => {
  it('reads envFrom with prefixes first, then env values, secretKeyRef and configMapKeyRef; skips fieldRef', async () => {
    const env = await resolveContainerEnv(
      {
        name: 'app',
        envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'Q_' }, { secretRef: { name: 'creds' } }],
        env: [
          { name: 'URL', value: 'amqp://$(user):$(password)@$(Q_HOST)' },
          { name: 'PASS', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
          { name: 'PORT', valueFrom: { configMapKeyRef: { name: 'settings', key: 'PORT' } } },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'OPT', valueFrom: { secretKeyRef: { name: 'absent', key: 'x', optional: true } } },
        ],
      },
      'shop',
      reader,
    );
    expect(env).toEqual({
      Q_HOST: 'queue.local',
      Q_PORT: '5672',
      user: 'app',
      password: 's3cret',
      URL: 'amqp://app:s3cret@queue.local',
      PASS: 's3cret',
      PORT: '5672',
    });
  });

  it('names a missing required source (never a value)', async () => {
    await expect(
      resolveContainerEnv(
        { name: 'app', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'creds', key: 'nope' } } }] },
        'shop',
        reader,
      ),
    ).rejects.toThrow('env "P" of container "app": Secret "creds" key "nope" not found in namespace shop');
    await expect(
      resolveContainerEnv({ name: 'app', envFrom: [{ configMapRef: { name: 'gone' } }] }, 'shop', reader),
    ).rejects.toThrow('envFrom ConfigMap "gone" of container "app" not found in namespace shop');
  });
});

describe('resolveWorkloadEnvironment', () => {
  const containers = [
    { name: 'sidecar', env: [{ name: 'A', value: '1' }] },
    { name: 'app', env: [{ name: 'A', value: '2' }] },
  ];

  it('takes <name>FromEnv from envSourceContainerName, TriggerAuthentication env from the first container', async () => {
    expect(await resolveWorkloadEnvironment(containers, 'app', 'shop', reader)).toEqual({
      resolvedEnv: { A: '2' },
      env: { A: '1' },
      containerEnv: { sidecar: { A: '1' }, app: { A: '2' } },
    });
    expect((await resolveWorkloadEnvironment(containers, undefined, 'shop', reader)).resolvedEnv).toEqual({ A: '1' });
  });

  it('fails for an envSourceContainerName that names no container, and is empty without containers', async () => {
    await expect(resolveWorkloadEnvironment(containers, 'web', 'shop', reader)).rejects.toThrow(
      "couldn't find container with name web on the target (containers: sidecar, app)",
    );
    expect(await resolveWorkloadEnvironment([], 'web', 'shop', reader)).toEqual({
      resolvedEnv: {},
      env: {},
      containerEnv: {},
    });
  });
});
