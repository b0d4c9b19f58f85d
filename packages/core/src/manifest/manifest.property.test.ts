import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ScaledObjectValidationError } from '../errors.js';
import { parseScaledJob } from './scaled-job.js';
import { parseScaledObject } from './scaled-object.js';
import { parseTriggerAuthentication } from './trigger-authentication.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// A marker no message could produce by chance: if it shows up in an error, a value was echoed.
const secretArbitrary = fc.stringMatching(/^[a-z0-9]{12}$/).map((suffix) => `SECRET-${suffix}`);

function baseScaledObject(secret: string): { [key: string]: Json } {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'orders', annotations: { 'autoscaling.keda.sh/paused': 'false' } },
    spec: {
      scaleTargetRef: { name: 'orders-consumer' },
      minReplicaCount: 1,
      maxReplicaCount: 10,
      idleReplicaCount: 0,
      fallback: { failureThreshold: 3, replicas: 2 },
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: {
            scaleDown: { stabilizationWindowSeconds: 60, policies: [{ type: 'Pods', value: 1, periodSeconds: 30 }] },
          },
        },
        scalingModifiers: { formula: 'a + b', target: '5', activationTarget: '1' },
      },
      triggers: [
        {
          type: 'kafka',
          name: 'a',
          metadata: {
            bootstrapServers: 'kafka:9092',
            topic: 'orders',
            lagThreshold: '10',
            password: secret,
            saslPassword: secret,
          },
        },
        {
          type: 'rabbitmq',
          name: 'b',
          metadata: { host: `amqp://user:${secret}@rabbit:5672/`, queueName: 'q', value: '5' },
        },
      ],
    },
  };
}

// Replaced by the run's secret: "plant" mutations put it, with a right or wrong type, under a secret-looking key.
const SECRET_PLACEHOLDER = '<<secret>>';
const SECRET_KEYS = ['password', 'saslPassword', 'connection', 'token', 'awsSecretAccessKey'];

const leaf: fc.Arbitrary<Json> = fc.oneof(
  fc.string(),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  fc.double(),
  fc.constantFrom(0, -1, 1, 2_147_483_648, Number.MAX_SAFE_INTEGER, -0.5, 1e308),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    '',
    'ScaledObject',
    'keda.sh/v1alpha1',
    'cpu',
    'memory',
    'cron',
    'Utilization',
    'Value',
    'scalingModifiers',
  ),
);
const value: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), leaf, { maxKeys: 3 }) },
);
const secretValue = fc.constantFrom<Json>(SECRET_PLACEHOLDER, [SECRET_PLACEHOLDER], { value: SECRET_PLACEHOLDER });

type Mutation = { kind: 'delete' | 'set'; at: number; value: Json; key: string };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom<'delete' | 'set'>('delete', 'set'),
    at: fc.nat(),
    value,
    key: fc.constantFrom('name', 'type', 'metadata', 'spec', 'kind', 'value', 'x', 'triggers', 'formula'),
  }),
  // "plant": always a mapping key (at % 3 === 0 keeps `key`), never a list index.
  fc.record({
    kind: fc.constant<'set'>('set'),
    at: fc.nat().map((n) => n * 3),
    value: secretValue,
    key: fc.constantFrom(...SECRET_KEYS),
  }),
);

/** Every container node (object or array) with its parent path, in a fixed order. */
function containers(root: Json): Json[] {
  const found: Json[] = [];
  const walk = (node: Json) => {
    if (node === null || typeof node !== 'object') return;
    found.push(node);
    for (const child of Array.isArray(node) ? node : Object.values(node)) walk(child);
  };
  walk(root);
  return found;
}

function withSecret(value: Json, secret: string): Json {
  if (value === SECRET_PLACEHOLDER) return secret;
  if (Array.isArray(value)) return value.map((item) => withSecret(item, secret));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withSecret(item, secret)]));
  }
  return value;
}

function mutate(root: { [key: string]: Json }, mutations: Mutation[], secret = 'SECRET-none'): { [key: string]: Json } {
  for (const original of mutations) {
    const m = { ...original, value: withSecret(original.value, secret) };
    const nodes = containers(root);
    const node = nodes[m.at % nodes.length] as Json[] | { [key: string]: Json };
    const keys = Array.isArray(node) ? node.map((_, i) => String(i)) : Object.keys(node);
    const key = keys.length > 0 && m.at % 3 !== 0 ? (keys[m.at % keys.length] as string) : m.key;
    if (Array.isArray(node)) {
      const index = Number(key);
      if (Number.isNaN(index)) continue;
      if (m.kind === 'delete') node.splice(index, 1);
      else node[index] = m.value;
    } else if (m.kind === 'delete') delete node[key];
    else node[key] = m.value;
  }
  return root;
}

/** Runs `parse`; any error must be a validation error that does not contain `secret`. */
function expectOnlyValidationErrors(parse: () => unknown, secret: string): void {
  try {
    parse();
  } catch (error) {
    if (!ScaledObjectValidationError.isInstance(error)) throw error;
    expect(error.issues.length).toBeGreaterThan(0);
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error.issues)).not.toContain(secret);
  }
}

const parsers = [parseScaledObject, parseScaledJob, parseTriggerAuthentication];

describe('manifest parsing properties', () => {
  it('mutated ScaledObjects only fail with a validation error that never holds a secret value', () => {
    fc.assert(
      fc.property(secretArbitrary, fc.array(mutation, { minLength: 1, maxLength: 6 }), (secret, mutations) => {
        const manifest = mutate(baseScaledObject(secret), mutations, secret);
        expectOnlyValidationErrors(() => parseScaledObject(manifest), secret);
        expectOnlyValidationErrors(() => parseScaledObject(stringify(manifest)), secret);
        expectOnlyValidationErrors(() => parseScaledObject(JSON.stringify(manifest)), secret);
      }),
      { numRuns: 300 },
    );
  });

  it('mutated ScaledJobs and TriggerAuthentications only fail with validation errors', () => {
    fc.assert(
      fc.property(secretArbitrary, fc.array(mutation, { minLength: 1, maxLength: 4 }), (secret, mutations) => {
        const job = baseScaledObject(secret);
        job.kind = 'ScaledJob';
        (job.spec as { [key: string]: Json }).jobTargetRef = { template: { spec: { containers: [] } } };
        expectOnlyValidationErrors(() => parseScaledJob(mutate(job, mutations, secret)), secret);
        const auth = {
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'TriggerAuthentication',
          metadata: { name: 'a' },
          spec: {
            secretTargetRef: [{ parameter: 'password', name: 's', key: 'k' }],
            podIdentity: { provider: 'aws', roleArn: secret },
          },
        };
        expectOnlyValidationErrors(() => parseTriggerAuthentication(mutate(auth, mutations, secret)), secret);
      }),
      { numRuns: 200 },
    );
  });

  it('any JSON value, any text and any YAML of a random value only fail with validation errors', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.string(), fc.anything()), (input) => {
        for (const parse of parsers) {
          expectOnlyValidationErrors(() => parse(input), 'SECRET-');
          expectOnlyValidationErrors(() => parse(stringify(input ?? null)), 'SECRET-');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('metadata values of any non-string type are refused at their own path, naming only the type', () => {
    fc.assert(
      fc.property(
        secretArbitrary,
        // null is not here: the API server drops null map values, and so does the parser.
        fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.array(fc.constant(0))),
        (secret, bad) => {
          const manifest = baseScaledObject(secret);
          const trigger = ((manifest.spec as { [key: string]: Json }).triggers as { [key: string]: Json }[])[0] as {
            metadata: { [key: string]: Json };
          };
          trigger.metadata.lagThreshold = bad;
          try {
            parseScaledObject(manifest);
            expect.unreachable('a non-string metadata value must be refused');
          } catch (error) {
            if (!ScaledObjectValidationError.isInstance(error)) throw error;
            expect(error.issues.map((issue) => issue.path)).toEqual(['spec.triggers[0].metadata.lagThreshold']);
            expect(error.message).not.toContain(secret);
            expect(error.issues[0]?.message).toMatch(
              /^must be a string; KEDA trigger metadata values are strings, quote the value in YAML \(e\.g\. ("10"|"true"|"\.\.\.")\); got (a number|a fractional number|NaN|an infinite number|a boolean|null|a list)$/,
            );
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the unmutated base manifest parses', () => {
    expect(parseScaledObject(baseScaledObject('SECRET-x')).spec.triggers).toHaveLength(2);
  });
});
