// What a person at a terminal reads from validate, simulate, explain and run, checked on hand-made manifests
// (written here, so each case shows its whole input).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineScaler, type ScalerDefinition, ScalerRegistry, type TriggerInput } from '@scalerkit/core';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { recordingIo } from './test-io.js';

const directory = mkdtempSync(join(tmpdir(), 'scalerkit-messages-'));
let counter = 0;

/** Writes `yaml` to a new file and runs `scalerkit <command> <file> ...args` on it. */
async function cli(
  command: string,
  yaml: string,
  args: string[] = [],
  options: { env?: Record<string, string>; registry?: ScalerRegistry } = {},
) {
  counter += 1;
  const file = `m${counter}.yaml`;
  writeFileSync(join(directory, file), yaml);
  const io = recordingIo(directory, options.env ?? {});
  const code = await main([command, file, ...args], { io, registry: options.registry ?? new ScalerRegistry() });
  return { file, code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n'), all: [...io.stdout, ...io.stderr] };
}

const scaledObject = (name: string, triggers: string, extra = '') => `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: ${name} }
spec:
  scaleTargetRef: { name: w }
${extra}  triggers:
${triggers}`;

const kafka = (metadata: string, more = '') => `    - type: kafka
      metadata: { bootstrapServers: "127.0.0.1:1", consumerGroup: g, topic: t${metadata ? `, ${metadata}` : ''} }
${more}`;

const scripted = (metadata = 'value: "40", targetValue: "10"', more = '') => `    - type: scripted
      metadata: { ${metadata} }
${more}`;

/** Nothing a library user alone can act on, no stack, no "not given" for what is there. */
function expectTerminalFriendly(lines: string[]) {
  const text = lines.join('\n');
  expect(text).not.toMatch(/metricSpecs|\/register'|import '|register its definition|^\s+at /m);
}

describe('validate: every problem of a trigger at once, a present value never "missing"', () => {
  const cases: Array<[string, string, string[]]> = [
    [
      'sasl plaintext with the credentials in metadata',
      kafka('sasl: plaintext, username: alice, password: pw'),
      [
        'spec.triggers[0].metadata.username: kafka: parameter "username" must be given in authParams (a TriggerAuthentication), not in metadata (KEDA does not read it from metadata): "username" is required with sasl plaintext',
        'spec.triggers[0].metadata.password: kafka: parameter "password" must be given in authParams (a TriggerAuthentication), not in metadata (KEDA does not read it from metadata): "password" is required with sasl plaintext',
      ],
    ],
    [
      'sasl scram_sha512 with nothing given: where to give it, pointing at the trigger, not at metadata',
      kafka('sasl: scram_sha512'),
      [
        'spec.triggers[0]: kafka: "username" is required with sasl scram_sha512; give it in authParams (a TriggerAuthentication)',
        'spec.triggers[0]: kafka: "password" is required with sasl scram_sha512; give it in authParams (a TriggerAuthentication)',
      ],
    ],
    [
      'field errors, rule errors and the version together',
      kafka(
        'lagThreshold: "-3", activationLagThreshold: x, version: abc, allowIdleConsumers: "true", limitToPartitionsWithLag: "true"',
      ),
      [
        'spec.triggers[0].metadata.activationLagThreshold: kafka: parameter "activationLagThreshold" must be an integer, got "x"',
        'spec.triggers[0].metadata.lagThreshold: kafka: "lagThreshold" must be positive number, got -3',
        'spec.triggers[0].metadata.allowIdleConsumers: kafka: "allowIdleConsumers" and "limitToPartitionsWithLag" cannot be set simultaneously',
        'spec.triggers[0].metadata.version: kafka: invalid kafka version "abc": expected X.Y.Z (X >= 1) or 0.X.Y.Z',
      ],
    ],
    [
      'two triggers, each with its problems',
      `${kafka('tls: maybe, sasl: gssapi')}${scripted('targetValue: "0", activationValue: x')}`,
      [
        'spec.triggers[0].metadata.tls: kafka: parameter "tls" must be one of enable, disable (case-sensitive; KEDA also accepts several joined by ","), got "maybe"',
        'spec.triggers[0]: kafka: "username" is required with sasl gssapi; give it in authParams (a TriggerAuthentication)',
        'spec.triggers[0]: kafka: exactly one of password or keytab must be given with sasl gssapi; give it in authParams (a TriggerAuthentication)',
        'spec.triggers[0]: kafka: "realm" is required with sasl gssapi; give it in authParams (a TriggerAuthentication)',
        'spec.triggers[0]: kafka: "kerberosConfig" is required with sasl gssapi; give it in authParams (a TriggerAuthentication)',
      ],
    ],
  ];
  for (const [name, triggers, expected] of cases) {
    it(name, async () => {
      const { file, code, stdout, all } = await cli('validate', scaledObject('orders', triggers));
      expect(code).toBe(1);
      const lines = stdout.split('\n').filter((line) => line.includes('spec.triggers[0]'));
      expect(lines).toEqual(expected.map((line) => `${file}: ScaledObject/orders: ${line}`));
      expect(stdout).not.toMatch(/not given|no username/);
      expectTerminalFriendly(all);
    });
  }

  it('any scaler: a parameter it says is not given, while written in metadata, is said not to be read there', async () => {
    const { file, code, stdout } = await cli(
      'validate',
      `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: { name: orders }
spec:
  scaleTargetRef: { name: w }
  triggers:
    - type: azure-servicebus
      metadata: { queueName: q, connection: "Endpoint=sb://x/;SharedAccessKey=hidden" }
    - type: nats-jetstream
      metadata: { stream: s, consumer: c, account: "$G" }
`,
    );
    expect(code).toBe(1);
    expect(stdout.split('\n')).toEqual([
      `${file}: ScaledObject/orders: spec.triggers[0].metadata.connection: azure-servicebus: no connection setting given: set "connection" in the TriggerAuthentication, or "connectionFromEnv" to an env var holding it (the "connection" written in metadata is not read there)`,
      // a parameter metadata may hold points at metadata, even when authParams is looked at first
      `${file}: ScaledObject/orders: spec.triggers[1].metadata.natsServerMonitoringEndpoint: nats-jetstream: missing required parameter "natsServerMonitoringEndpoint" (looked in authParams, metadata)`,
    ]);
    expect(stdout).not.toContain('hidden');
  });

  it('warns about a credential left in metadata that KEDA ignores, when the TriggerAuthentication has it', async () => {
    const { file, code, stderr } = await cli(
      'explain',
      `${scaledObject('orders', kafka('sasl: plaintext, username: alice', '      authenticationRef: { name: auth }\n'))}---
kind: TriggerAuthentication
apiVersion: keda.sh/v1alpha1
metadata: { name: auth }
spec:
  secretTargetRef:
    - { parameter: username, name: kafka, key: user }
    - { parameter: password, name: kafka, key: password }
`,
      ['--timeout', '1'],
      { env: { KAFKA_USER: 'alice', KAFKA_PASSWORD: 'not-shown' } },
    );
    expect(stderr).toContain(
      `${file}: ScaledObject/orders: spec.triggers[0]: warning: scaler kafka: parameter "username" in metadata is ignored: KEDA reads it only from authParams (a TriggerAuthentication)`,
    );
    expect(stderr).not.toContain('not-shown');
    expect(code).toBe(1); // nothing listens on 127.0.0.1:1
  });
});

describe('validate: a trigger with a TriggerAuthentication is checked, its supplied values taken as given', () => {
  const auth = (name: string, parameters: string[], kind = 'TriggerAuthentication') => `---
apiVersion: keda.sh/v1alpha1
kind: ${kind}
metadata: { name: ${name} }
spec:
  secretTargetRef:
${parameters.map((parameter) => `    - { parameter: ${parameter}, name: kafka-secrets, key: ${parameter} }`).join('\n')}
`;
  const withRef = (metadata: string, ref = 'kafka-auth') =>
    kafka(metadata, `      authenticationRef: { name: ${ref} }\n`);
  const cases: Array<[string, string, string[], string]> = [
    [
      'credentials supplied: only the metadata problem',
      scaledObject('orders', withRef('sasl: plaintext, lagThreshold: "-1"')) +
        auth('kafka-auth', ['username', 'password']),
      ['spec.triggers[0].metadata.lagThreshold: kafka: "lagThreshold" must be positive number, got -1'],
      '',
    ],
    [
      'a credential the TriggerAuthentication does not supply is required, at the reference',
      scaledObject('orders', withRef('sasl: scram_sha256')) + auth('kafka-auth', ['username']),
      [
        'spec.triggers[0].authenticationRef: kafka: "password" is required with sasl scram_sha256; give it in authParams (a TriggerAuthentication)',
      ],
      '',
    ],
    [
      'sasl itself supplied by the TriggerAuthentication: nothing is required of metadata',
      scaledObject('orders', withRef('')) + auth('kafka-auth', ['sasl', 'username', 'password']),
      [],
      '',
    ],
    [
      'a TriggerAuthentication elsewhere: metadata still checked, a note says what is not',
      scaledObject('orders', withRef('sasl: plaintext, offsetResetPolicy: oldest', 'shared-auth')),
      [
        'spec.triggers[0].metadata.offsetResetPolicy: kafka: parameter "offsetResetPolicy" must be one of latest, earliest (case-sensitive; KEDA also accepts several joined by ","), got "oldest"',
      ],
      'ScaledObject/orders: spec.triggers[0]: not fully checked: TriggerAuthentication "shared-auth" is not in this file (try "scalerkit explain" with the values)',
    ],
    [
      'a value read from the environment is taken as given',
      scaledObject(
        'orders',
        kafka('bootstrapServersFromEnv: BROKERS, lagThreshold: "0"').replace('bootstrapServers: "127.0.0.1:1", ', ''),
      ),
      ['spec.triggers[0].metadata.lagThreshold: kafka: "lagThreshold" must be positive number, got 0'],
      '',
    ],
  ];
  for (const [name, yaml, expected, note] of cases) {
    it(name, async () => {
      const { file, code, stdout, stderr } = await cli('validate', yaml);
      const lines = stdout.split('\n').filter((line) => !line.includes(': ok ('));
      expect(lines.filter((line) => line !== '')).toEqual(
        expected.map((line) => `${file}: ScaledObject/orders: ${line}`),
      );
      expect(code).toBe(expected.length > 0 ? 1 : 0);
      expect(stderr).toBe(note === '' ? '' : `${file}: note: ${note}`);
    });
  }
});

describe('explain, simulate and run: problems as validate prints them', () => {
  const invalid = scaledObject('broken', scripted('targetValue: "-1"'), '  minReplicaCount: 5\n  maxReplicaCount: 2\n');
  for (const command of ['explain', 'simulate', 'run'] as const) {
    it(`${command}: every problem with file, resource and path, exit 1`, async () => {
      const { file, code, stderr, stdout } = await cli(command, invalid, command === 'run' ? ['--for', '1'] : []);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.split('\n')).toEqual([
        `${file}: ScaledObject/broken: spec.minReplicaCount: MinReplicaCount=5 must be less than MaxReplicaCount=2`,
        `${file}: ScaledObject/broken: spec.triggers[0].metadata.targetValue: scripted: parameter "targetValue" must be a number > 0, got "-1"`,
      ]);
    });

    it(`${command}: a ScaledJob is refused plainly`, async () => {
      const { file, code, stderr } = await cli(
        command,
        `apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata: { name: jobs }
spec:
  jobTargetRef: { template: { spec: { containers: [{ name: w, image: busybox }] } } }
  triggers:
${scripted()}`,
      );
      expect(code).toBe(1);
      expect(stderr).toMatch(
        new RegExp(
          `^${file}: ScaledJob/jobs: ${command} .*a ScaledJob creates Jobs instead of scaling replicas, which ${command} does not model`,
        ),
      );
    });

    it(`${command}: a trigger type no package provides names the type, not the library's registry`, async () => {
      const { file, code, stderr, all } = await cli(
        command,
        scaledObject('cache', '    - type: redis\n      metadata: { address: "r:6379", listName: l }\n'),
        command === 'run' ? ['--for', '1'] : [],
      );
      if (command === 'simulate') {
        expect(code).toBe(0); // simulate needs no scaler: redis's target has KEDA's default
      } else {
        expect(code).toBe(1);
        expect(stderr).toBe(
          `${file}: ScaledObject/cache: spec.triggers[0].type: no scalerkit package provides trigger type "redis"`,
        );
      }
      expectTerminalFriendly(all);
    });
  }

  it('explain: a configMapTargetRef value comes from the environment too, and a missing one names its variable', async () => {
    const yaml = `${scaledObject('orders', scripted('value: "1", targetValue: "1"', '      authenticationRef: { name: auth }\n'))}---
kind: TriggerAuthentication
apiVersion: keda.sh/v1alpha1
metadata: { name: auth }
spec:
  configMapTargetRef:
    - { parameter: region, name: queue-settings, key: region }
`;
    const missing = await cli('explain', yaml);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `${missing.file}: ScaledObject/orders: spec.triggers[0].authenticationRef: TriggerAuthentication "auth": configMap "queue-settings" has no key "region" (needed for parameter "region"); outside Kubernetes scalerkit reads configMap "queue-settings" key "region" from the environment variable QUEUE_SETTINGS_REGION: set it`,
    );
    expect((await cli('explain', yaml, [], { env: { QUEUE_SETTINGS_REGION: 'eu' } })).code).toBe(0);
  });

  it('says which ScaledObject of a file it takes, when there are several', async () => {
    const two = `${scaledObject('first', scripted())}---\n${scaledObject('second', scripted())}`;
    for (const command of ['explain', 'simulate']) {
      const { file, code, stderr } = await cli(command, two, command === 'simulate' ? ['--until', '1m'] : []);
      expect(code).toBe(0);
      expect(stderr).toBe(
        `${file}: note: ${command} takes the first ScaledObject, ScaledObject/first; not ScaledObject/second (one ScaledObject per file, or run it on each file)`,
      );
    }
  });

  it('explain and run: a missing secret names the environment variable that supplies it', async () => {
    const yaml = `${scaledObject('orders', scripted('value: "1", targetValue: "1"', '      authenticationRef: { name: auth }\n'))}---
kind: TriggerAuthentication
apiVersion: keda.sh/v1alpha1
metadata: { name: auth }
spec:
  secretTargetRef:
    - { parameter: token, name: queue-credentials, key: api.token }
`;
    for (const command of ['explain', 'run']) {
      const { file, code, stderr } = await cli(command, yaml, command === 'run' ? ['--for', '1'] : []);
      expect(code).toBe(1);
      expect(stderr).toBe(
        `${file}: ScaledObject/orders: spec.triggers[0].authenticationRef: TriggerAuthentication "auth": secret "queue-credentials" has no key "api.token" (needed for parameter "token"); outside Kubernetes scalerkit reads secret "queue-credentials" key "api.token" from the environment variable QUEUE_CREDENTIALS_API_TOKEN: set it`,
      );
    }
    // Set, it is found (and never printed).
    const found = await cli('explain', yaml, [], { env: { QUEUE_CREDENTIALS_API_TOKEN: 's3cret-value' } });
    expect(found.code).toBe(0);
    expect(found.all.join('\n')).not.toContain('s3cret-value');
  });
});

describe('explain: one error said once, capped values and scaler notices explained', () => {
  it('prints a failing trigger error once, the decision refers to it', async () => {
    const { code, stdout } = await cli(
      'explain',
      scaledObject('failing', scripted('targetValue: "10", error: "broker down"')),
    );
    expect(code).toBe(1);
    expect(stdout.match(/broker down/g)).toHaveLength(1);
    expect(stdout).toContain('errors: 0 (same error)');
    expect(stdout).toMatch(/^ {2}error: scripted trigger 0: broker down$/m);
  });

  /** A stand-in `kafka` definition reporting a fixed lag, and emitting what it is given. */
  const fakeKafka = (lag: number, notice?: string): ScalerDefinition<TriggerInput> =>
    defineScaler<TriggerInput>({
      type: 'kafka',
      parse: (input) => input,
      create: (input, context) => {
        const metricName = `s${input.triggerIndex ?? 0}-kafka-t`;
        const threshold = Number(input.metadata.lagThreshold ?? '10');
        return {
          getMetricSpecs: () => [{ metricName, targetType: 'AverageValue', targetValue: threshold }],
          getMetricsAndActivity: async () => {
            if (notice) context.emit?.({ type: 'Normal', reason: 'KEDAScalersInfo', message: notice });
            return { metrics: [{ metricName, value: lag }], isActive: lag > 0 };
          },
          close: async () => {},
        };
      },
    });
  const registryWith = (definition: ScalerDefinition<TriggerInput>) => new ScalerRegistry().register(definition);

  const capCases: Array<[string, string, number, string | undefined]> = [
    [
      'a whole number of lagThresholds under the default cap',
      '',
      30,
      'KEDA caps this lag at partitions × lagThreshold (one replica per partition, unless allowIdleConsumers is "true"): if the topic has 3 partitions, 30 is that cap and the real lag may be higher',
    ],
    [
      'limitToPartitionsWithLag',
      'lagThreshold: "5", limitToPartitionsWithLag: "true"',
      20,
      'KEDA caps this lag at partitions with lag × lagThreshold (one replica per partition with lag): if the topic has 4 partitions with lag, 20 is that cap and the real lag may be higher',
    ],
    ['no cap with allowIdleConsumers', 'allowIdleConsumers: "true"', 30, undefined],
    ['a lag that is no multiple of lagThreshold is not a cap', '', 31, undefined],
  ];
  for (const [name, metadata, lag, note] of capCases) {
    it(`says when a kafka value may be KEDA's cap: ${name}`, async () => {
      const { stdout } = await cli('explain', scaledObject('orders', kafka(metadata)), [], {
        registry: registryWith(fakeKafka(lag)),
      });
      const notes = stdout.split('\n').filter((line) => line.startsWith('  note: '));
      expect(notes).toEqual(note === undefined ? [] : [`  note: ${note}`]);
    });
  }

  it('prints what a scaler noted during the poll under its trigger, once', async () => {
    const { stdout } = await cli('explain', scaledObject('orders', kafka('allowIdleConsumers: "true"')), [], {
      registry: registryWith(fakeKafka(7, 'lag 700 capped at 7 (7 partitions × lagThreshold 1)')),
    });
    expect(stdout.split('\n').filter((line) => line.startsWith('  note: '))).toEqual([
      '  note: lag 700 capped at 7 (7 partitions × lagThreshold 1)',
    ]);
  });
});

describe('simulate: what it does not model, said plainly', () => {
  it('refuses a ScaledObject whose triggers are all clock or pod triggers', async () => {
    const { file, code, stderr } = await cli(
      'simulate',
      scaledObject(
        'office-hours',
        '    - type: cron\n      metadata: { timezone: Europe/Berlin, start: "0 8 * * *", end: "0 18 * * *", desiredReplicas: "5" }\n',
      ),
    );
    expect(code).toBe(1);
    expect(stderr).toBe(
      `${file}: ScaledObject/office-hours: spec.triggers: simulate drives a queue-like trigger (kafka, rabbitmq, aws-sqs-queue, ...) with a workload; this ScaledObject has only cron triggers, which it does not model (cron: its metric follows the wall clock (start and end in its timezone), not a queue)`,
    );
  });

  it('simulates the queue trigger and says the cron and cpu triggers stay inactive', async () => {
    const { file, code, stderr, stdout } = await cli(
      'simulate',
      scaledObject(
        'mixed',
        `    - type: cron
      metadata: { timezone: UTC, start: "0 8 * * *", end: "0 18 * * *", desiredReplicas: "5" }
    - type: cpu
      metricType: Utilization
      metadata: { value: "60" }
${scripted('targetValue: "10"')}`,
      ),
      ['--until', '5m'],
    );
    expect(code).toBe(0);
    expect(stdout).toContain('max replicas');
    expect(stderr.split('\n')).toEqual([
      `${file}: ScaledObject/mixed: spec.triggers[0]: note: this cron trigger is not simulated (its metric follows the wall clock (start and end in its timezone), not a queue): it stays inactive, at 0, throughout`,
      `${file}: ScaledObject/mixed: spec.triggers[1]: note: this cpu trigger is not simulated (its metric is the pods' CPU usage, which the simulation does not model): it stays inactive, at 0, throughout`,
    ]);
  });

  it("notes KEDA's kafka partition cap, which the simulation cannot apply", async () => {
    const { file, code, stderr } = await cli('simulate', scaledObject('lag', kafka('')), ['--until', '2m']);
    expect(code).toBe(0);
    expect(stderr).toBe(
      `${file}: ScaledObject/lag: spec.triggers[0]: note: KEDA caps this trigger's lag at partitions × lagThreshold (at most one replica per partition, unless allowIdleConsumers is "true"); the simulation does not know the topic's partitions, so the lag here is not capped`,
    );
  });

  it('names the metadata key to set when a trigger has no known target, without library advice', async () => {
    const { file, code, stderr } = await cli(
      'simulate',
      scaledObject('custom', '    - type: external\n      metadata: { scalerAddress: "s:9090" }\n'),
    );
    expect(code).toBe(1);
    expect(stderr).toBe(
      `${file}: ScaledObject/custom: simulate: cannot tell the target of trigger "0" (type external); set spec.triggers[0].metadata.targetValue`,
    );
  });

  const usage: Array<[string[], string]> = [
    [['--until', 'banana'], '--until must be seconds or a duration like 90s, 5m, 1h30m, 500ms, got "banana"'],
    [['--step', 'fast'], '--step must be seconds or a duration like 90s, 5m, 1h30m, 500ms, got "fast"'],
    [['--until', '0'], '--until must be longer than 0, got "0"'],
    [['--step', '0s'], '--step must be longer than 0, got "0s"'],
    [
      ['--startup-delay', 'soon'],
      '--startup-delay must be seconds or a duration like 90s, 5m, 1h30m, 500ms, got "soon"',
    ],
  ];
  for (const [args, message] of usage) {
    it(`${args.join(' ')} is wrong usage: exit 2, with what is accepted`, async () => {
      const { code, stderr, stdout } = await cli('simulate', scaledObject('ok', scripted()), args);
      expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
      expect(stderr).toBe(`scalerkit: ${message}\nRun "scalerkit --help" for usage.`);
    });
  }
});
