// The `nats-jetstream` trigger's parameters, declared once with KEDA's names, sources, defaults and order
// (KEDA v2.21.0 pkg/scalers/nats_jetstream_scaler.go, struct natsJetStreamMetadata and
// parseNATSJetStreamMetadata).
import { type InferParameters, type ParseContext, parameters as p, type TriggerInput } from '@scalerkit/core';
import { parseTrigger, type TriggerIdentity } from '@scalerkit/core/scaler-kit';

/** The trigger type, as in a ScaledObject's `triggers[].type`. */
export const NATS_JETSTREAM_TYPE = 'nats-jetstream';

const AUTH_THEN_METADATA = ['authParams', 'metadata'] as const;

/**
 * KEDA's `nats-jetstream` parameters, in KEDA's declaration order (which is the order its errors are reported in).
 * `natsServerMonitoringEndpoint`, `account` and `accountID` are read from the TriggerAuthentication first, then
 * from the trigger's metadata; the others only from metadata.
 */
export const natsJetStreamParameters = {
  account: p.string({
    order: AUTH_THEN_METADATA,
    optional: true,
    description: 'Account name (`$G` for the default account). `account` or `accountID` is required.',
  }),
  accountID: p.string({
    order: AUTH_THEN_METADATA,
    optional: true,
    description: 'Account id (the public key in operator mode); defaults to `account`. Sent as `/jsz?acc=`.',
  }),
  stream: p.string({ description: 'Stream holding the consumer.' }),
  consumer: p.string({ description: 'Durable consumer whose lag is measured.' }),
  lagThreshold: p.integer({ default: 10, description: 'Target lag per replica.' }),
  activationLagThreshold: p.integer({ default: 0, description: 'Active when the lag is above this.' }),
  useHttps: p.boolean({ default: false, description: 'Read the monitoring endpoint over https.' }),
  natsServerMonitoringEndpoint: p.string({
    order: AUTH_THEN_METADATA,
    description: 'Monitoring address of a server, `host:port` only (no scheme, no path), e.g. `nats.nats:8222`.',
  }),
};

/** The declared parameters as parsed (before KEDA's account rule). */
export type NatsJetStreamParameterValues = InferParameters<typeof natsJetStreamParameters>;

/**
 * The parsed `nats-jetstream` trigger: KEDA's metadata key names with KEDA's defaults, `accountID` defaulted to
 * `account` as KEDA does, and the trigger's identity (index, metric type).
 */
export type NatsJetStreamScalerConfig = Omit<NatsJetStreamParameterValues, 'accountID'> &
  TriggerIdentity & {
    /** The account id sent as `/jsz?acc=`; `account` when not given. */
    accountID: string;
  };

/** KEDA's check after the typed parse: an account name or id is required. */
function requireAccount(values: NatsJetStreamParameterValues) {
  if (values.account === undefined && values.accountID === undefined) {
    return [{ parameter: 'account', message: 'no account name or id given: set "account" (e.g. "$G") or "accountID"' }];
  }
  return undefined;
}

/**
 * Parses and validates a `nats-jetstream` trigger as KEDA does: every parameter problem is reported in one
 * `ScalerConfigError` whose `parameter` names the first; without an account name or id the trigger is refused.
 * No network I/O; the endpoint's form is checked when the scaler polls, as in KEDA.
 *
 * @example
 * const config = parseNatsJetStreamParameters({
 *   metadata: { natsServerMonitoringEndpoint: 'nats.nats:8222', account: '$G', stream: 'orders', consumer: 'workers' },
 * });
 * config.lagThreshold; // 10
 * config.accountID; // '$G'
 */
export function parseNatsJetStreamParameters(input: TriggerInput, context?: ParseContext): NatsJetStreamScalerConfig {
  const config = parseTrigger(
    natsJetStreamParameters,
    input,
    { scalerType: NATS_JETSTREAM_TYPE, validate: requireAccount },
    context,
  );
  return { ...config, accountID: config.accountID ?? config.account ?? '' };
}
