import { field } from './issues.js';

/**
 * Where a TriggerAuthentication's `secretTargetRef` (and `configMapTargetRef`) values come from.
 * Return `undefined` when the secret or the key does not exist.
 */
export interface SecretProvider {
  getSecret(namespace: string | undefined, name: string, key: string): Promise<string | undefined> | string | undefined;
  /** Used for `configMapTargetRef` when present; otherwise `getSecret` serves ConfigMaps too. */
  getConfigMap?(
    namespace: string | undefined,
    name: string,
    key: string,
  ): Promise<string | undefined> | string | undefined;
}

/**
 * A provider over fixed values: `{ 'kafka-secrets': { password: 'x' } }`. A key may also be
 * `'<namespace>/<name>'`, which wins over the plain name for that namespace.
 *
 * @example
 * const secrets = createStaticSecretProvider({ 'rabbitmq-secret': { host: 'amqp://guest:guest@localhost:5672' } });
 */
export function createStaticSecretProvider(values: Record<string, Record<string, string>>): SecretProvider {
  const lookup = (namespace: string | undefined, name: string, key: string): string | undefined => {
    const scoped = namespace === undefined ? undefined : field(values, `${namespace}/${name}`);
    const value = field(scoped, key) ?? field(field(values, name), key);
    return typeof value === 'string' ? value : undefined;
  };
  return { getSecret: lookup, getConfigMap: lookup };
}

/** The environment variable name `createEnvSecretProvider` reads for a secret `name` and `key`. */
export function secretEnvName(name: string, key: string): string {
  return `${name}_${key}`.replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
}

/**
 * A provider over environment variables: secret `kafka-secrets`, key `sasl.password` is read from
 * `KAFKA_SECRETS_SASL_PASSWORD` (name and key joined by `_`, every other character `_`, upper case).
 * The namespace is ignored.
 *
 * @example
 * const secrets = createEnvSecretProvider(); // reads process.env
 */
export function createEnvSecretProvider(env: Record<string, string | undefined> = process.env): SecretProvider {
  const lookup = (_namespace: string | undefined, name: string, key: string): string | undefined =>
    env[secretEnvName(name, key)];
  return { getSecret: lookup, getConfigMap: lookup };
}
