// KEDA's `rabbitmq` scaler (v2.21.0 pkg/scalers/rabbitmq_scaler.go) on the scaler kit: queue length over AMQP,
// queue length and rates over the management API.
import {
  connectionKey,
  defineScaler,
  type Scaler,
  ScalerConfigError,
  type ScalerContext,
  ScalerError,
  type ScalerErrorCode,
  toMetricValue,
} from '@scalerkit/core';
import {
  buildTlsOptions,
  ClientCredentialsTokenSource,
  createPolledScaler,
  redactSecrets,
  DEFAULT_POLL_TIMEOUT_MS,
  metricSpec,
  type PolledSource,
  type TlsConnectionOptions,
  tlsHint,
} from '@scalerkit/core/scaler-kit';
import { withActivityPush } from './activity-push.js';
import { goQueryEscape, parseGoUrl } from './go-url.js';
import {
  type AmqpConnector,
  AmqplibRabbitMqClient,
  HttpRabbitMqManagementClient,
  type ManagementClientOptions,
  type RabbitMqAmqpClient,
  type RabbitMqManagementClient,
} from './rabbitmq-client.js';
import { composedQueueFromJson, metricAndActivity, queueInfoFromJson } from './rabbitmq-metric.js';
import { parseRabbitMqParameters, type RabbitMqScalerConfig } from './rabbitmq-parameters.js';
import { amqpAddress, anonymizeRabbitMqError, managementRequest } from './rabbitmq-url.js';

/** AMQP client property `connection_name` (KEDA uses `keda-<namespace>-<scaledObject>`). */
export const RABBITMQ_CONNECTION_NAME = 'scalerkit-rabbitmq';

/** Options of `createRabbitMqScaler` beyond the trigger config: other clients for tests or other libraries. */
export interface RabbitMqScalerOptions {
  /** Opens the AMQP connection. Default: amqplib. */
  connectAmqp?: AmqpConnector;
  /** Makes the management API client. Default: `HttpRabbitMqManagementClient` (node:http through the kit). */
  createManagementClient?: (options: ManagementClientOptions) => RabbitMqManagementClient;
}

function configError(parameter: string, message: string): ScalerConfigError {
  return new ScalerConfigError(`rabbitmq: ${message}`, { parameter, scalerType: 'rabbitmq' });
}

function unsupportedWorkloadIdentity(): ScalerConfigError {
  return configError(
    'workloadIdentityResource',
    'Azure workload identity is not supported by @scalerkit/rabbitmq; use username/password or OAuth2',
  );
}

/** Every secret of the trigger, decoded and as written in the host URL, for scrubbing. */
function secretsOf(config: RabbitMqScalerConfig): string[] {
  const secrets = [config.password, config.key, config.keyPassword, config.clientSecret];
  try {
    const password = parseGoUrl(config.host).user?.password;
    if (password) secrets.push(password, /\/\/[^/@]*:([^/@]*)@/.exec(config.host)?.[1]);
  } catch {
    // A host that does not parse holds no userinfo Go would use.
  }
  return secrets.filter((secret): secret is string => secret !== undefined && secret.length >= 3);
}

/** KEDA builds its TLS config whenever `tls: enable`, so bad material fails at creation there too. */
function tlsMaterial(config: RabbitMqScalerConfig): TlsConnectionOptions | undefined {
  if (config.tls !== 'enable') return undefined;
  return buildTlsOptions(
    { ca: config.ca, cert: config.cert, key: config.key, keyPassword: config.keyPassword, unsafeSsl: config.unsafeSsl },
    { scalerType: 'rabbitmq' },
  );
}

/** Source-specific codes: AMQP replies carry the broker's numeric code (404 NOT_FOUND, 403 ACCESS_REFUSED). */
function classify(error: unknown): ScalerErrorCode | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 404) return 'NOT_FOUND';
  if (code === 403) return 'AUTHENTICATION_ERROR';
  return undefined;
}

/**
 * A poll's failure in KEDA's words (`error inspecting RabbitMQ: …`, user info masked, the trigger's secrets
 * scrubbed), the cause kept.
 */
function inspectionError(error: unknown, secrets: readonly (string | undefined)[]): unknown {
  if (
    ScalerError.isInstance(error) &&
    (error.code === 'ABORTED' || error.code === 'TIMEOUT' || error.code === 'CLOSED')
  )
    return error;
  const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
  const code = ScalerError.isInstance(error) ? error.code : classify(error);
  return Object.assign(new Error(anonymizeRabbitMqError(message), { cause: error }), code ? { scalerCode: code } : {});
}

/** The error at the end of the `cause` chain (the socket's, whose code says what went wrong in a TLS handshake). */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 8; depth += 1) {
    const cause = (current as { cause?: unknown } | undefined)?.cause;
    if (cause === undefined || cause === null) return current;
    current = cause;
  }
  return current;
}

type Common = Pick<PolledSource<unknown>, 'type' | 'metricSpecs' | 'secrets' | 'hint'> & {
  classify(error: unknown): ScalerErrorCode | undefined;
};

function amqpSource(
  config: RabbitMqScalerConfig,
  context: ScalerContext,
  options: RabbitMqScalerOptions,
  common: Common,
): PolledSource<RabbitMqAmqpClient> {
  let address: ReturnType<typeof amqpAddress>;
  try {
    address = amqpAddress(config);
  } catch (error) {
    throw configError('host', `error parsing RabbitMQ connection string: ${(error as Error).message}`);
  }
  const tls = tlsMaterial(config);
  // amqp091-go uses TLS only for amqps; KEDA picks SASL EXTERNAL for a client certificate without a password.
  const external =
    config.tls === 'enable' &&
    !config.username &&
    !config.password &&
    Boolean(config.cert && config.key) &&
    !address.uriHasPassword;
  const timeoutMs = context.timeoutMs ?? DEFAULT_POLL_TIMEOUT_MS;
  const origin = `${address.protocol}://${address.hostname.includes(':') ? `[${address.hostname}]` : address.hostname}:${address.port}`;
  return {
    ...common,
    describe: `queue "${config.queueName}" in vhost "${address.vhost}" at ${origin}`,
    connection: {
      key: connectionKey('rabbitmq-amqp', origin, {
        vhost: address.vhost,
        username: address.username,
        password: address.password,
        tls: address.protocol === 'amqps' ? (tls ?? 'default') : 'none',
        external,
        timeoutMs,
      }),
      open: () =>
        AmqplibRabbitMqClient.open(
          { address, tls, external, connectionName: RABBITMQ_CONNECTION_NAME, timeoutMs },
          options.connectAmqp,
        ),
      close: (client) => client.close(),
    },
    async measure(client, { signal }) {
      let ready: number;
      try {
        ready = await client.readyMessages(config.queueName, signal);
      } catch (error) {
        throw inspectionError(error, common.secrets ?? []);
      }
      const info = { messages: ready, messagesReady: ready, publishRate: 0, deliverGetRate: 0 };
      return metricAndActivity(info, config);
    },
  };
}

function httpSource(
  config: RabbitMqScalerConfig,
  context: ScalerContext,
  options: RabbitMqScalerOptions,
  common: Common,
): PolledSource<RabbitMqManagementClient> {
  const timeoutMs = config.timeout || context.timeoutMs || DEFAULT_POLL_TIMEOUT_MS;
  // KEDA: the trigger's TLS material when `tls: enable`, else the default transport with `unsafeSsl`.
  const tls = tlsMaterial(config) ?? { rejectUnauthorized: !config.unsafeSsl, minVersion: 'TLSv1.2' };
  let request: ReturnType<typeof managementRequest> | undefined;
  let problem: Error | undefined;
  try {
    request = managementRequest(config);
  } catch (error) {
    // Go's client fails each request for such a host; so does every poll here.
    problem = error as Error;
  }
  const oauth = config.oauth
    ? {
        clientId: config.clientID!,
        clientSecret: config.clientSecret!,
        tokenEndpointUri: config.oauthTokenURI!,
        scopes: config.scopes ?? [],
        // golang.org/x/oauth2 sends every value of a key; the token source takes one per key.
        endpointParams: Object.fromEntries(
          Object.entries(config.endpointParams).map(([key, [first]]) => [key, first!]),
        ),
      }
    : undefined;
  const origin = request?.origin ?? 'an unusable host';
  return {
    ...common,
    describe: `queue "${config.queueName}" at ${origin}`,
    connection: {
      key: connectionKey('rabbitmq-http', origin, {
        credentials: request?.credentials,
        tls,
        oauth,
        timeoutMs,
      }),
      open: () => {
        const tokens = oauth
          ? new ClientCredentialsTokenSource({ scalerType: 'rabbitmq', ...oauth, timeoutMs, clock: context.clock })
          : undefined;
        const clientOptions = { timeoutMs, credentials: request?.credentials, tokens, tls };
        return options.createManagementClient?.(clientOptions) ?? new HttpRabbitMqManagementClient(clientOptions);
      },
      close: (client) => client.close(),
    },
    async measure(client, { signal }) {
      let body: unknown;
      // Azure AD workload identity tokens need Azure's token provider; the trigger parses (KEDA's rules) and
      // reports its metric, but polls fail with the parameter named.
      if (config.workloadIdentityResource) throw unsupportedWorkloadIdentity();
      try {
        if (problem || !request) throw problem;
        body = await client.getQueues(request.url, signal);
        const info = config.useRegex ? composedQueueFromJson(body, config.operation) : queueInfoFromJson(body);
        return metricAndActivity(info, config);
      } catch (error) {
        throw inspectionError(error, common.secrets ?? []);
      }
    },
  };
}

/**
 * One `rabbitmq` trigger's scaler, built on the scaler kit. Nothing is opened until the first poll.
 * Throws `ScalerConfigError` for TLS material that does not load or an AMQP host amqp091 refuses (KEDA fails
 * there too). Azure workload identity is not supported: such a trigger's polls fail with `CONFIG_ERROR`.
 */
export function createRabbitMqScaler(
  config: RabbitMqScalerConfig,
  context: ScalerContext,
  options: RabbitMqScalerOptions = {},
): Scaler {
  const common: Common = {
    type: 'rabbitmq',
    // KEDA's GetMetricTargetMili (pkg/scalers/scaler.go, v2.21.0) builds the target through quantityFromFloat64:
    // milli precision, and a negative target (the deprecated `queueLength: -3`) becomes 0.
    metricSpecs: [metricSpec(config, `rabbitmq-${goQueryEscape(config.queueName)}`, toMetricValue(config.value))],
    secrets: secretsOf(config),
    classify: (error) => {
      const carried = (error as { scalerCode?: ScalerErrorCode } | undefined)?.scalerCode;
      return carried ?? classify((error as { cause?: unknown } | undefined)?.cause ?? error);
    },
    hint: (error) => tlsHint(rootCause(error)),
  };
  return config.protocol === 'amqp'
    ? createPolledScaler(amqpSource(config, context, options, common), context)
    : createPolledScaler(httpSource(config, context, options, common), context);
}

/** Options of `defineRabbitMqScaler`. */
export interface RabbitMqDefinitionOptions extends RabbitMqScalerOptions {
  /**
   * Push activation: scalers are `PushScaler`s whose `run()` checks the queue every this many milliseconds (one
   * passive declare on the open channel, or one GET) and reports activity changes at once, so that workloads at
   * zero wake up without waiting for the polling interval. Off by default.
   */
  pushIntervalMs?: number;
}

/**
 * A `rabbitmq` definition with options: push activation, or other clients (tests, another AMQP library).
 *
 * @example
 * registry.register(defineRabbitMqScaler({ pushIntervalMs: 100 }));
 */
export function defineRabbitMqScaler(options: RabbitMqDefinitionOptions = {}) {
  const { pushIntervalMs } = options;
  if (pushIntervalMs !== undefined && !(Number.isFinite(pushIntervalMs) && pushIntervalMs > 0)) {
    throw new RangeError(`rabbitmq: pushIntervalMs must be a positive number of milliseconds, got ${pushIntervalMs}`);
  }
  return defineScaler<RabbitMqScalerConfig>({
    type: 'rabbitmq',
    packageName: '@scalerkit/rabbitmq',
    parse: parseRabbitMqParameters,
    create: (config, context) => {
      const scaler = createRabbitMqScaler(config, context, options);
      if (pushIntervalMs === undefined) return scaler;
      return withActivityPush(scaler, { intervalMs: pushIntervalMs, clock: context.clock, logger: context.logger });
    },
  });
}

/**
 * KEDA's `rabbitmq` trigger: queue length over AMQP (amqplib) or the management API, and the management API's
 * rates (`MessageRate`, `DeliverGetRate`, `PublishedToDeliveredRatio`, `ExpectedQueueConsumptionTime`).
 *
 * @example
 * import { registry } from '@scalerkit/core';
 * import { rabbitmqScaler } from '@scalerkit/rabbitmq';
 * registry.register(rabbitmqScaler);
 * const config = rabbitmqScaler.parse({ metadata: { queueName: 'orders', host: 'amqp://guest:guest@localhost:5672/' } });
 */
export const rabbitmqScaler = defineRabbitMqScaler();
