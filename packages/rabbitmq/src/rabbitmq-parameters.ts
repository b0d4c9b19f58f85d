// The `rabbitmq` trigger's parameters, declared once with KEDA's names, sources and defaults (KEDA v2.21.0,
// pkg/scalers/rabbitmq_scaler.go rabbitMQMetadata, and the shared authentication.Config it embeds for OAuth2).
import { type InferParameters, type ParseContext, parameters as p, type TriggerInput } from '@scalerkit/core';
import { parseTrigger, type TriggerIdentity } from '@scalerkit/core/scaler-kit';
import { type ResolvedRabbitMqRules, validateRabbitMqRules } from './rabbitmq-validation.js';

const METADATA = ['metadata'] as const;
const METADATA_OR_AUTH = ['metadata', 'authParams'] as const;
const AUTH = ['authParams'] as const;
const AUTH_OR_ENV = ['authParams', 'resolvedEnv'] as const;

/** The trigger modes KEDA accepts for `mode`. */
export const RABBITMQ_MODES = [
  'QueueLength',
  'MessageRate',
  'DeliverGetRate',
  'PublishedToDeliveredRatio',
  'ExpectedQueueConsumptionTime',
] as const;

/** A trigger mode: what the metric measures. */
export type RabbitMqMode = (typeof RABBITMQ_MODES)[number];

/** KEDA `rabbitmq` trigger parameters, in KEDA's order, with KEDA's sources and defaults. */
export const rabbitmqParameters = {
  queueName: p.string({ order: METADATA, description: 'Queue to measure; a regular expression with `useRegex`.' }),
  mode: p.string({
    order: METADATA,
    default: 'Unknown',
    description:
      '`QueueLength`, `MessageRate`, `DeliverGetRate`, `PublishedToDeliveredRatio` or `ExpectedQueueConsumptionTime` (all but QueueLength need http). Given with `value`; neither (nor `queueLength`) means QueueLength 20.',
  }),
  queueLength: p.float({
    order: METADATA,
    optional: true,
    description: 'Deprecated: the same as `mode: QueueLength` with this `value`; cannot be combined with them.',
  }),
  value: p.float({ order: METADATA, optional: true, description: 'Target value per replica (required with `mode`).' }),
  activationValue: p.float({
    order: METADATA,
    default: 0,
    description: 'Active when the metric is above this.',
  }),
  host: p.string({
    order: ['metadata', 'authParams', 'resolvedEnv'],
    secret: true,
    description:
      'AMQP URI (`amqp://user:pass@host:5672/vhost`) or management API URL (`http://user:pass@host:15672/[prefix/]vhost`).',
  }),
  protocol: p.string({
    order: METADATA_OR_AUTH,
    default: 'auto',
    description: '`amqp`, `http`, or `auto` (from the scheme of `host`).',
  }),
  vhostName: p.string({ order: METADATA_OR_AUTH, optional: true, description: 'Overrides the vhost of `host`.' }),
  useRegex: p.boolean({ order: METADATA, default: false, description: 'Treat `queueName` as a regex (http only).' }),
  excludeUnacknowledged: p.boolean({
    order: METADATA,
    default: false,
    description: 'Count ready messages only (http only; amqp always does).',
  }),
  pageSize: p.integer({ order: METADATA, default: 100, description: 'Queues listed per regex request (>= 1).' }),
  operation: p.string({
    order: METADATA,
    default: 'sum',
    description: 'How regex matches combine: `sum`, `avg` or `max` (checked when a poll finds matches).',
  }),
  timeout: p.duration({
    order: METADATA,
    optional: true,
    description: 'HTTP timeout of this trigger (`1000` = 1000 ms, or `3s`); not with amqp and a mode.',
  }),
  username: p.string({ order: AUTH_OR_ENV, optional: true, description: 'Replaces the user in `host`.' }),
  password: p.string({
    order: AUTH_OR_ENV,
    optional: true,
    secret: true,
    description: 'Replaces the password in `host` (with `username`).',
  }),
  ca: p.string({ order: AUTH, optional: true, description: 'PEM CA certificate(s), added to the system roots.' }),
  cert: p.string({ order: AUTH, optional: true, description: 'PEM client certificate (with `key`).' }),
  key: p.string({ order: AUTH, optional: true, secret: true, description: 'PEM client key (with `cert`).' }),
  keyPassword: p.string({ order: AUTH, optional: true, secret: true, description: 'Password of an encrypted key.' }),
  tls: p.string({ order: AUTH, default: 'disable', description: '`enable` or `disable`: use ca/cert/key.' }),
  unsafeSsl: p.boolean({ order: METADATA, default: false, description: 'Skip server certificate verification.' }),
  workloadIdentityResource: p.string({
    order: AUTH,
    optional: true,
    description: 'Azure AD workload identity resource (http only; not supported by this package).',
  }),
  authModes: p.enumList(['apiKey', 'basic', 'tls', 'bearer', 'custom', 'oauth'], {
    name: ['authModes', 'authMode'],
    order: METADATA_OR_AUTH,
    optional: true,
    exclusiveSet: ['bearer', 'basic', 'oauth'],
    description: 'Declared authentication modes; rabbitmq allows `basic`, `tls` and `oauth`.',
  }),
  // KEDA's shared authentication.Config validates this one even when unused (APIKeyAuth.Method).
  method: p.enum(['header', 'query'], {
    order: METADATA_OR_AUTH,
    separator: ',',
    default: 'header',
    description: 'Validated as KEDA does (shared auth config); unused by rabbitmq.',
  }),
  oauthTokenURI: p.string({ order: AUTH, optional: true, description: 'OAuth2 token endpoint (http only).' }),
  scopes: p.list({ name: ['scopes', 'scope'], order: AUTH, optional: true, description: 'OAuth2 scopes.' }),
  clientID: p.string({ order: AUTH, optional: true, description: 'OAuth2 client id.' }),
  clientSecret: p.string({ order: AUTH, optional: true, secret: true, description: 'OAuth2 client secret.' }),
  endpointParams: p.string({
    order: AUTH,
    optional: true,
    description: 'Extra token request parameters as a query string (`audience=x&resource=y`).',
  }),
};

type RawRabbitMqParameters = InferParameters<typeof rabbitmqParameters>;

/**
 * The parsed `rabbitmq` trigger: KEDA's metadata key names with KEDA's defaults applied and its Validate()
 * resolutions made (`protocol` resolved from `auto`; `mode` and `value` from the defaults or `queueLength`),
 * plus the trigger's identity. Secrets (`host`, `password`, `key`, `keyPassword`, `clientSecret`) are kept for
 * the client only.
 */
export type RabbitMqScalerConfig = Omit<RawRabbitMqParameters, 'protocol' | 'mode' | 'value' | 'endpointParams'> &
  ResolvedRabbitMqRules &
  TriggerIdentity;

/**
 * Parses and validates a `rabbitmq` trigger exactly as KEDA v2.21.0 does (typed config, then Validate in its
 * order). Throws one `ScalerConfigError` naming the parameter at fault; secret values are never shown.
 *
 * @example
 * parseRabbitMqParameters({ metadata: { queueName: 'orders', host: 'amqp://guest:guest@localhost:5672/' } });
 * // { queueName: 'orders', protocol: 'amqp', mode: 'QueueLength', value: 20, activationValue: 0, ... }
 */
export function parseRabbitMqParameters(input: TriggerInput, context?: ParseContext): RabbitMqScalerConfig {
  let resolved: ResolvedRabbitMqRules | undefined;
  const parsed = parseTrigger(
    rabbitmqParameters,
    input,
    {
      scalerType: 'rabbitmq',
      validate: (config) => {
        const outcome = validateRabbitMqRules(config);
        if ('problems' in outcome) return outcome.problems;
        resolved = outcome.resolved;
        return undefined;
      },
    },
    context,
  );
  const { protocol: _protocol, mode: _mode, value: _value, endpointParams: _endpointParams, ...rest } = parsed;
  return {
    ...rest,
    // KEDA's auth config drops empty scopes (authentication.Config.Normalize).
    scopes: rest.scopes?.filter((scope) => scope !== ''),
    ...resolved!,
  };
}
