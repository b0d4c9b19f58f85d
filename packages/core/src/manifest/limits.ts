/**
 * The limits `parseScaledObject`, `parseScaledJob` and `parseTriggerAuthentication` put on their input, so that a
 * huge or hostile manifest is refused quickly instead of blocking the event loop. A real manifest stays far below
 * each: Kubernetes stores an object of at most about 1.5 MiB (etcd's default request limit), and KEDA's own objects
 * are a few kilobytes.
 *
 * @example
 * import { MANIFEST_LIMITS } from '@scalerkit/core/manifest';
 * if (text.length > MANIFEST_LIMITS.maxTextLength) console.warn('too big to be a manifest');
 */
export const MANIFEST_LIMITS = {
  /** Characters of YAML or JSON text (about 3 MiB: twice the largest object Kubernetes stores). */
  maxTextLength: 3 * 1024 * 1024,
  /** YAML documents in one text (`---` separated). */
  maxDocuments: 1000,
  /** Keys in one mapping (labels, annotations, trigger metadata, any object). */
  maxKeysPerMapping: 10_000,
  /** Items in one list. */
  maxItemsPerList: 100_000,
  /** Nesting of mappings and lists (a pod template in a ScaledJob nests about 12 deep). */
  maxDepth: 100,
  /** Alias nodes (`*name`) in one text, and alias expansions when the text is converted to values. */
  maxAliases: 1000,
} as const;

/** Names of the limits, as error messages and docs spell them. */
export type ManifestLimit = keyof typeof MANIFEST_LIMITS;
