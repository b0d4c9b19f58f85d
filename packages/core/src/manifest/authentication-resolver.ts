import { ScalerError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PodIdentity } from '../types.js';
import { field } from './issues.js';
import type { SecretProvider } from './secret-providers.js';
import { parseTriggerAuthentication } from './trigger-authentication.js';
import type { AuthenticationRef, TargetRef, TriggerAuthentication } from './types.js';

/** Where `resolveTriggerAuthentication` finds TriggerAuthentications and the values they point to. */
export interface TriggerAuthenticationSources {
  /** The (Cluster)TriggerAuthentications: a list, or a map keyed by name or by `<kind>/<name>`. */
  authentications?: readonly unknown[] | Record<string, unknown>;
  /** Serves `secretTargetRef`. */
  secrets?: SecretProvider;
  /** Serves `configMapTargetRef` (its `getConfigMap`, else `getSecret`). */
  configMaps?: SecretProvider;
  /** Environment of the scale target's container, for `env[]` entries. */
  env?: Record<string, string>;
  /** Environments of other containers, for `env[]` entries with a `containerName`. */
  containerEnv?: Record<string, Record<string, string>>;
  /** Namespace of the ScaledObject: TriggerAuthentications from other namespaces are ignored. */
  namespace?: string;
  /** Namespace a ClusterTriggerAuthentication reads its secrets from (KEDA's `KEDA_CLUSTER_OBJECT_NAMESPACE`). Default `keda`. */
  clusterObjectNamespace?: string;
  /** Receives warnings (missing TriggerAuthentication, unset env). Never receives secret values. */
  logger?: Logger;
}

const UNSUPPORTED_SOURCES = [
  'hashiCorpVault',
  'azureKeyVault',
  'gcpSecretManager',
  'awsSecretManager',
  'boundServiceAccountToken',
  'oauth2',
  'awsParameterStore',
  'akeyless',
] as const;

function lookupKind(value: unknown): string {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' ? kind : 'TriggerAuthentication';
}

function lookupName(value: unknown): unknown {
  return (value as { metadata?: { name?: unknown } } | null)?.metadata?.name;
}

function findAuthentication(
  ref: AuthenticationRef,
  sources: TriggerAuthenticationSources,
): TriggerAuthentication | undefined {
  const all = sources.authentications;
  if (!all) return undefined;
  const fits = (auth: TriggerAuthentication): boolean =>
    auth.kind === 'ClusterTriggerAuthentication' ||
    sources.namespace === undefined ||
    auth.metadata.namespace === undefined ||
    auth.metadata.namespace === sources.namespace;
  if (Array.isArray(all)) {
    for (const candidate of all) {
      if (lookupName(candidate) !== ref.name || lookupKind(candidate) !== ref.kind) continue;
      const auth = parseTriggerAuthentication(candidate);
      if (fits(auth)) return auth;
    }
    return undefined;
  }
  const map = all as Record<string, unknown>;
  const byKind = field(map, `${ref.kind}/${ref.name}`);
  if (byKind !== undefined) return withKind(parseTriggerAuthentication(byKind), ref);
  const byName = field(map, ref.name);
  if (byName === undefined) return undefined;
  // A bare spec stored under its name counts as the referenced kind.
  const bare = (byName as { kind?: unknown } | null)?.kind === undefined;
  const auth = parseTriggerAuthentication(byName);
  if (bare) return withKind(auth, ref);
  return auth.kind === ref.kind && fits(auth) ? auth : undefined;
}

function withKind(auth: TriggerAuthentication, ref: AuthenticationRef): TriggerAuthentication {
  return { ...auth, kind: ref.kind, metadata: { ...auth.metadata, name: ref.name } };
}

async function readValue(
  provider: SecretProvider,
  what: 'secret' | 'configMap',
  namespace: string | undefined,
  ref: TargetRef,
  label: string,
): Promise<string> {
  const read = what === 'configMap' && provider.getConfigMap ? provider.getConfigMap : provider.getSecret;
  let value: string | undefined;
  try {
    value = await read.call(provider, namespace, ref.name, ref.key);
  } catch (error) {
    throw new ScalerError(`${label}: reading ${what} "${ref.name}" key "${ref.key}" failed`, {
      code: 'AUTHENTICATION_ERROR',
      cause: error,
    });
  }
  if (typeof value !== 'string') {
    throw new ScalerError(
      `${label}: ${what} "${ref.name}" has no key "${ref.key}" (needed for parameter "${ref.parameter}")`,
      { code: 'NOT_FOUND' },
    );
  }
  return value;
}

/**
 * Resolves the authentication parameters of one trigger from its `authenticationRef`, applying the
 * sources in KEDA's order (later ones overwrite earlier ones): `env` → `configMapTargetRef` → `secretTargetRef`.
 * A referenced TriggerAuthentication that is missing is only logged (as KEDA does) and `{}` is returned.
 * `filePath` (ClusterTriggerAuthentication; on a TriggerAuthentication it is an error, as in KEDA), Vault, Azure Key Vault, GCP/AWS secret managers, AWS Parameter Store,
 * Akeyless, bound service account tokens and OAuth2 are not supported yet and throw a ScalerError (`AUTHENTICATION_ERROR`). `podIdentity`
 * adds `awsRoleArn` for provider `aws` (as KEDA does); other providers are logged and left to the SDKs' default
 * credentials. Errors and log entries name secrets and keys, never values.
 *
 * @example
 * const authParams = await resolveTriggerAuthentication(so.spec.triggers[0], {
 *   authentications: [parseTriggerAuthentication(authYaml)],
 *   secrets: createStaticSecretProvider({ 'kafka-secrets': { password: 's3cret' } }),
 * });
 */
export async function resolveTriggerAuthentication(
  trigger: { authenticationRef?: AuthenticationRef | undefined; type?: string; name?: string },
  sources: TriggerAuthenticationSources,
): Promise<Record<string, string>> {
  const ref = trigger.authenticationRef;
  if (!ref) return {};
  const reference = { kind: ref.kind ?? 'TriggerAuthentication', name: ref.name };
  const auth = findAuthentication(reference, sources);
  const logger = sources.logger;
  if (!auth) {
    logger?.warn(`${reference.kind} "${reference.name}" not found; the trigger gets no authentication parameters`, {
      triggerType: trigger.type,
      triggerName: trigger.name,
    });
    return {};
  }
  const label = `${auth.kind} "${auth.metadata.name}"`;
  const spec = auth.spec;
  const params: Record<string, string> = {};

  for (const entry of spec.env ?? []) {
    const containerEnv = entry.containerName ? field(sources.containerEnv, entry.containerName) : undefined;
    const env = (containerEnv as Record<string, string> | undefined) ?? sources.env;
    const value = field(env, entry.name);
    if (typeof value !== 'string') {
      logger?.warn(`${label}: env variable "${entry.name}" for parameter "${entry.parameter}" is not set`, {});
    } else params[entry.parameter] = value;
  }
  // KEDA v2.21 `resolveAuthRef`: a non-empty filePath fails on a TriggerAuthentication; on a
  // ClusterTriggerAuthentication it replaces every other source (not supported here yet).
  if (spec.filePath !== undefined && spec.filePath !== '') {
    if (auth.kind === 'TriggerAuthentication') {
      throw new ScalerError(`${label}: filePath is only supported for ClusterTriggerAuthentication`, {
        code: 'AUTHENTICATION_ERROR',
      });
    }
    throw unsupported(label, 'filePath');
  }
  const namespace =
    auth.kind === 'ClusterTriggerAuthentication'
      ? (sources.clusterObjectNamespace ?? 'keda')
      : (sources.namespace ?? auth.metadata.namespace);
  for (const ref of spec.configMapTargetRef ?? []) {
    if (!sources.configMaps) throw missingProvider(label, 'configMapTargetRef', 'configMaps');
    params[ref.parameter] = await readValue(sources.configMaps, 'configMap', namespace, ref, label);
  }
  for (const ref of spec.secretTargetRef ?? []) {
    if (!sources.secrets) throw missingProvider(label, 'secretTargetRef', 'secrets');
    params[ref.parameter] = await readValue(sources.secrets, 'secret', namespace, ref, label);
  }
  for (const source of UNSUPPORTED_SOURCES) {
    if (spec[source] !== undefined) throw unsupported(label, source);
  }
  applyPodIdentity(auth, params, label, logger);
  return params;
}

/**
 * The `podIdentity` of the TriggerAuthentication a trigger references (KEDA passes it to the scaler as
 * `ScalerConfig.PodIdentity`), with its string fields; undefined when there is none or the reference is not found.
 *
 * @example
 * const podIdentity = resolveTriggerPodIdentity(trigger, { authentications }); // { provider: 'azure-workload', identityId: '...' }
 */
export function resolveTriggerPodIdentity(
  trigger: { authenticationRef?: AuthenticationRef | undefined },
  sources: TriggerAuthenticationSources,
): PodIdentity | undefined {
  const ref = trigger.authenticationRef;
  if (!ref) return undefined;
  const identity = findAuthentication({ kind: ref.kind ?? 'TriggerAuthentication', name: ref.name }, sources)?.spec
    .podIdentity;
  if (!identity) return undefined;
  const result: PodIdentity = { provider: identity.provider };
  for (const key of [
    'identityId',
    'identityTenantId',
    'identityAuthorityHost',
    'roleArn',
    'externalID',
    'identityOwner',
  ] as const) {
    const value = identity[key];
    if (typeof value === 'string' && value !== '') result[key] = value;
  }
  return result;
}

function applyPodIdentity(
  auth: TriggerAuthentication,
  params: Record<string, string>,
  label: string,
  logger: Logger | undefined,
): void {
  const identity = auth.spec.podIdentity;
  if (!identity || identity.provider === 'none') return;
  if (identity.provider === 'aws' && typeof identity.roleArn === 'string' && identity.roleArn !== '') {
    params.awsRoleArn = identity.roleArn;
    return;
  }
  logger?.warn(
    `${label}: podIdentity provider "${identity.provider}" reaches the scaler as TriggerInput.podIdentity; ` +
      "a scaler that does not read it uses its SDK's default credentials",
    {},
  );
}

function unsupported(label: string, source: string): ScalerError {
  return new ScalerError(
    `${label}: ${source} is not supported by scalerkit yet; read the value yourself and serve it through a ` +
      'SecretProvider with secretTargetRef',
    { code: 'AUTHENTICATION_ERROR' },
  );
}

function missingProvider(label: string, field: string, option: string): ScalerError {
  return new ScalerError(`${label}: ${field} needs a provider in sources.${option} (e.g. createStaticSecretProvider)`, {
    code: 'AUTHENTICATION_ERROR',
  });
}
