// OAuth2 client-credentials tokens for SASL/OAUTHBEARER (KEDA's bearer token provider, kafka_scaler.go v2.21):
// the scaler kit's token source, plus the SASL extensions kafkajs sends with each token.
import {
  type ClientCredentialsOptions,
  ClientCredentialsTokenSource,
  encodeForm,
  goQueryEscape,
  parseTokenResponse,
  TOKEN_EXPIRY_MARGIN_MS,
} from '@scalerkit/core/scaler-kit';

export { encodeForm, goQueryEscape, parseTokenResponse, TOKEN_EXPIRY_MARGIN_MS };

/** What kafkajs's `oauthBearerProvider` returns: the token and the SASL extensions sent with it. */
export interface OAuthBearerToken {
  value: string;
  /** SASL/OAUTHBEARER extensions (`oauthExtensions`), sent on the wire by kafkajs. */
  extensions?: Record<string, string>;
}

/** Settings of an `OAuthBearerTokenSource`: KEDA's `username`, `password`, `oauthTokenEndpointUri`, `scopes`, `oauthExtensions`. */
export interface OAuthClientCredentialsOptions extends Omit<ClientCredentialsOptions, 'scalerType'> {
  extensions?: Readonly<Record<string, string>>;
}

/**
 * Fetches and caches client-credentials tokens for one client (see `ClientCredentialsTokenSource` in
 * `@scalerkit/core/scaler-kit`) and adds the configured SASL extensions, sorted as sarama writes them.
 *
 * @example
 * const tokens = new OAuthBearerTokenSource({ clientId, clientSecret, tokenEndpointUri, scopes: [''], timeoutMs: 3000 });
 * const { value } = await tokens.token();
 */
export class OAuthBearerTokenSource {
  readonly #tokens: ClientCredentialsTokenSource;
  readonly #extensions: Record<string, string> | undefined;

  constructor(options: OAuthClientCredentialsOptions) {
    const { extensions, ...credentials } = options;
    this.#tokens = new ClientCredentialsTokenSource({ ...credentials, scalerType: 'kafka' });
    const names = Object.keys(extensions ?? {}).sort();
    this.#extensions =
      names.length === 0 ? undefined : Object.fromEntries(names.map((name) => [name, extensions![name]!]));
  }

  /** A valid token with the configured extensions; fetches one when none is cached or it expires within 10 s. */
  async token(signal?: AbortSignal): Promise<OAuthBearerToken> {
    const value = await this.#tokens.token(signal);
    return this.#extensions === undefined ? { value } : { value, extensions: { ...this.#extensions } };
  }

  /** Forgets the cached token (after the broker refused it), so the next `token()` asks for a new one. */
  invalidate(): void {
    this.#tokens.invalidate();
  }

  /** Aborts a token request in flight and refuses further ones. */
  close(): void {
    this.#tokens.close();
  }
}
