// KEDA's cross-parameter rules for `rabbitmq`, in KEDA's order (v2.21.0 pkg/scalers/rabbitmq_scaler.go: Validate,
// validateOAuth2, validateTrigger; pkg/scalers/authentication/authentication_types.go: Config.Validate and
// ValidateAllowed, which run on the embedded auth config).
import type { ParameterValidationProblem } from '@scalerkit/core';
import { parseGoQuery } from './go-url.js';
import { protocolFromHost } from './rabbitmq-url.js';

/** What Validate resolves: the protocol behind `auto`, the mode and value behind the defaults or `queueLength`. */
export interface ResolvedRabbitMqRules {
  /** `amqp` or `http` (`auto` resolved from the scheme of `host`). */
  protocol: 'amqp' | 'http';
  mode: 'QueueLength' | 'MessageRate' | 'DeliverGetRate' | 'PublishedToDeliveredRatio' | 'ExpectedQueueConsumptionTime';
  /** The target: `value`, or `queueLength`, or 20 when neither nor `mode` is given. */
  value: number;
  /** OAuth2 token request parameters (`endpointParams` parsed as a query string). */
  endpointParams: Record<string, string[]>;
  /** True when OAuth2 client credentials are configured (all three keys). */
  oauth: boolean;
}

/** The parameter values the rules read (the declared parameters, before resolution). */
export interface RabbitMqRuleInput {
  host: string;
  protocol: string;
  mode: string;
  queueLength: number | undefined;
  value: number | undefined;
  useRegex: boolean;
  excludeUnacknowledged: boolean;
  pageSize: number;
  timeout: number | undefined;
  username: string | undefined;
  password: string | undefined;
  cert: string | undefined;
  key: string | undefined;
  tls: string;
  workloadIdentityResource: string | undefined;
  authModes: readonly string[] | undefined;
  oauthTokenURI: string | undefined;
  clientID: string | undefined;
  clientSecret: string | undefined;
  scopes: string[] | undefined;
  endpointParams: string | undefined;
}

const MODES = [
  'QueueLength',
  'MessageRate',
  'DeliverGetRate',
  'PublishedToDeliveredRatio',
  'ExpectedQueueConsumptionTime',
] as const;
/** KEDA's `defaultRabbitMQQueueLength`. */
export const DEFAULT_QUEUE_LENGTH = 20;
const ALLOWED_AUTH_MODES = ['oauth', 'basic', 'tls'];

type Problem = { parameter?: string; message: string };
type Outcome = { problems: ParameterValidationProblem[] } | { resolved: ResolvedRabbitMqRules };

const present = (value: string | undefined) => (value ? '<present>' : '<empty>');

/** authentication.Config.Validate for the modes rabbitmq allows (the others fail ValidateAllowed anyway). */
function authConfigProblem(modes: readonly string[], input: RabbitMqRuleInput): Problem | undefined {
  if (modes.includes('basic') && !input.username) {
    return {
      parameter: 'username',
      message: `username=${present(input.username)} is required when basic auth is enabled`,
    };
  }
  if (modes.includes('tls') && (!input.cert || !input.key)) {
    return {
      parameter: input.cert ? 'key' : 'cert',
      message: `cert=${present(input.cert)} and key=${present(input.key)} are required when tls auth is enabled`,
    };
  }
  if (modes.includes('oauth') && (!input.oauthTokenURI || !input.clientID)) {
    return {
      parameter: input.oauthTokenURI ? 'clientID' : 'oauthTokenURI',
      message: `oauthTokenURI=${present(input.oauthTokenURI)} and clientID=${present(input.clientID)} are required when oauth is enabled`,
    };
  }
  return undefined;
}

/** validateOAuth2: the inferred oauth mode, the allowed modes, then OAuth2's own constraints. */
function oauthProblem(input: RabbitMqRuleInput, protocol: string): Problem | undefined {
  const anyOAuth = Boolean(input.oauthTokenURI || input.clientID || input.clientSecret);
  const modes = input.authModes?.length ? input.authModes : anyOAuth ? ['oauth'] : [];
  const unsupported = modes.find((mode) => !ALLOWED_AUTH_MODES.includes(mode));
  if (unsupported !== undefined) {
    return {
      parameter: 'authModes',
      message: `auth mode "${unsupported}" is not supported by this scaler; supported modes: [oauth basic tls]`,
    };
  }
  const configProblem = authConfigProblem(modes, input);
  if (configProblem) return configProblem;
  if (!anyOAuth) return undefined;
  if (!input.clientSecret) {
    return {
      parameter: 'clientSecret',
      message: 'OAuth2 requires tokenUrl clientId and clientSecret to be configured in TriggerAuthentication',
    };
  }
  if (protocol === 'amqp') {
    return {
      parameter: 'oauthTokenURI',
      message: 'OAuth2 authentication is only supported with HTTP protocol, not AMQP',
    };
  }
  if ((input.username && input.password) || input.workloadIdentityResource) {
    return {
      parameter: input.workloadIdentityResource ? 'workloadIdentityResource' : 'username',
      message:
        'OAuth2 authentication cannot be combined with username/password authentication or Azure Workload Identity',
    };
  }
  return undefined;
}

/** validateTrigger: the default trigger, the deprecated queueLength, then mode and value. */
function triggerRules(
  input: RabbitMqRuleInput,
  protocol: 'amqp' | 'http',
): Problem | Pick<ResolvedRabbitMqRules, 'mode' | 'value'> {
  const queueLength = input.queueLength ?? 0;
  const value = input.value ?? 0;
  if (queueLength === 0 && input.mode === 'Unknown' && value === 0)
    return { mode: 'QueueLength', value: DEFAULT_QUEUE_LENGTH };
  if (queueLength !== 0 && (input.mode !== 'Unknown' || value !== 0)) {
    return { parameter: 'queueLength', message: 'queueLength is deprecated; use mode and value' };
  }
  // The deprecated path returns before the protocol checks below, as in KEDA.
  if (queueLength !== 0) return { mode: 'QueueLength', value: queueLength };
  if (input.mode === 'Unknown') return { parameter: 'mode', message: 'mode must be specified' };
  if (value === 0) return { parameter: 'value', message: 'value must be specified' };
  const mode = MODES.find((candidate) => candidate === input.mode);
  if (mode === undefined) {
    return {
      parameter: 'mode',
      message: `trigger mode ${input.mode} must be one of QueueLength, MessageRate, DeliverGetRate, PublishedToDeliveredRatio or ExpectedQueueConsumptionTime`,
    };
  }
  if (mode !== 'QueueLength' && protocol !== 'http') {
    return {
      parameter: 'mode',
      message: `protocol ${protocol} not supported; must be HTTP to use trigger mode ${mode}`,
    };
  }
  if (protocol === 'amqp' && input.timeout !== undefined && input.timeout !== 0) {
    // KEDA prints the Go duration's nanoseconds here.
    return {
      parameter: 'timeout',
      message: `AMQP protocol doesn't support custom timeouts: ${Math.round(input.timeout * 1e6)}`,
    };
  }
  return { mode, value };
}

/** KEDA's Validate, first failing rule only (KEDA returns at the first). */
function validateProblem(input: RabbitMqRuleInput): Problem | Omit<ResolvedRabbitMqRules, 'endpointParams'> {
  const protocolGiven = input.protocol;
  if (protocolGiven !== 'amqp' && protocolGiven !== 'http' && protocolGiven !== 'auto') {
    return {
      parameter: 'protocol',
      message: `the protocol has to be either \`amqp\`, \`http\`, or \`auto\` but is \`${protocolGiven}\``,
    };
  }
  if (input.tls !== 'enable' && input.tls !== 'disable') {
    return { parameter: 'tls', message: `incorrect value for TLS given: ${input.tls}` };
  }
  if (Boolean(input.cert) !== Boolean(input.key)) {
    return { parameter: input.cert ? 'key' : 'cert', message: 'both key and certificate must be provided' };
  }
  if (input.pageSize < 1) return { parameter: 'pageSize', message: 'pageSize should be 1 or greater' };
  if (Boolean(input.username) !== Boolean(input.password)) {
    return {
      parameter: input.username ? 'password' : 'username',
      message: 'username and password must be given together',
    };
  }
  let protocol: 'amqp' | 'http';
  if (protocolGiven === 'auto') {
    const detected = protocolFromHost(input.host);
    if ('problem' in detected) return { parameter: 'host', message: detected.problem };
    protocol = detected.protocol;
  } else {
    protocol = protocolGiven;
  }
  if (protocol === 'amqp' && input.workloadIdentityResource) {
    return {
      parameter: 'workloadIdentityResource',
      message: 'workload identity is not supported for the AMQP protocol at the moment',
    };
  }
  const oauth = oauthProblem(input, protocol);
  if (oauth) return oauth;
  if (input.useRegex && protocol !== 'http') {
    return { parameter: 'useRegex', message: 'configure useRegex=true only with HTTP protocol' };
  }
  if (input.excludeUnacknowledged && protocol !== 'http') {
    return {
      parameter: 'excludeUnacknowledged',
      message: 'configure excludeUnacknowledged=true only with HTTP protocol',
    };
  }
  const trigger = triggerRules(input, protocol);
  if ('message' in trigger) return trigger;
  const hasOAuth = Boolean(input.oauthTokenURI && input.clientID && input.clientSecret);
  return { protocol, ...trigger, oauth: hasOAuth };
}

/**
 * The rules KEDA applies after reading the parameters: the embedded auth config's checks, then Validate in
 * KEDA's order (protocol, tls, cert/key, pageSize, username/password, the host's scheme for `auto`, workload
 * identity, OAuth2, useRegex, excludeUnacknowledged, then the trigger's mode and value). Problems as KEDA joins
 * them; or what Validate resolves.
 */
export function validateRabbitMqRules(input: RabbitMqRuleInput): Outcome {
  const problems: Problem[] = [];
  const query = parseGoQuery(input.endpointParams ?? '');
  if (query.problem !== undefined) {
    problems.push({ parameter: 'endpointParams', message: `endpointParams must be a query string: ${query.problem}` });
  }
  // The embedded authentication.Config validates itself while it is read, before the scaler's Validate.
  if (input.authModes?.length) {
    const nested = authConfigProblem(input.authModes, input);
    if (nested) problems.push(nested);
  }
  const outcome = validateProblem(input);
  // The auth config's own check may fail again inside Validate (ValidateAllowed): report it once.
  if ('message' in outcome && !problems.some((problem) => problem.message === outcome.message)) problems.push(outcome);
  if (problems.length > 0 || 'message' in outcome) return { problems };
  return { resolved: { ...outcome, endpointParams: query.values } };
}
