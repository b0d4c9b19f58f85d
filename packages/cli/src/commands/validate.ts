import {
  KEDA_TRIGGER_TYPES,
  parseScaledJob,
  parseScaledObject,
  parseTriggerAuthentication,
  resolveTriggerAuthentication,
  type ScaledObject,
  ScaledObjectValidationError,
  ScalerConfigError,
  ScalerError,
  type ScalerRegistry,
  suggestTriggerType,
  type Trigger,
  type TriggerAuthenticationSources,
  UnknownTriggerTypeError,
} from '@scalerkit/core';
import { compileScalingModifiers } from '@scalerkit/core/engine';
import { findKedaV1Constructs } from '@scalerkit/core/manifest';
import { entryLabel, kedaKinds, type ManifestEntry, readText, splitDocuments } from '../documents.js';
import type { Io } from '../io.js';
import { terminalMessage } from '../messages.js';

/** One problem found by `validate`. */
export interface ValidationProblem {
  /** `ScaledObject/orders` or `document 2`. */
  resource: string;
  /** `spec.triggers[0].metadata.lagThreshold`; empty for the whole document. */
  path: string;
  message: string;
}

/**
 * Where a trigger's parameter problem points: `metadata.<name>` when the parameter is (or could be) written
 * there; the trigger itself (or its `authenticationRef`) for one that only a TriggerAuthentication supplies and
 * that is not in metadata, so the path never sends a person to put a credential in metadata.
 */
function problemPath(trigger: Trigger, path: string, parameter: string | undefined, message: string): string {
  if (parameter === undefined) return `${path}.metadata`;
  const metadata = trigger.metadata ?? {};
  const inMetadata = Object.hasOwn(metadata, parameter) || Object.hasOwn(metadata, `${parameter}FromEnv`);
  if (inMetadata || !message.includes('authParams') || /looked in [^)]*\bmetadata\b/.test(message)) {
    return `${path}.metadata.${parameter}`;
  }
  return trigger.authenticationRef ? `${path}.authenticationRef` : path;
}

/** Words of a message that says a parameter was not given. */
const NOT_GIVEN = /\b(not found|missing|not given|no [\w ]{1,40} given|is required)\b/i;

/**
 * A scaler that says a parameter was not given while the user can see it in the trigger's metadata does not
 * read it from there (KEDA reads credentials from a TriggerAuthentication or the environment): say so, so the
 * message never reads as "not given" for a value that is there.
 */
function clarifyPresent(trigger: Trigger, parameter: string | undefined, message: string): string {
  if (parameter === undefined || message.includes('not in metadata')) return message;
  const value = trigger.metadata?.[parameter];
  if (typeof value !== 'string' || value.trim() === '' || !NOT_GIVEN.test(message)) return message;
  return `${message} (the "${parameter}" written in metadata is not read there)`;
}

/** Values only a running trigger has (explain, run): its TriggerAuthentication's parameters and the environment. */
export interface RuntimeValues {
  authentication: TriggerAuthenticationSources;
  env: Record<string, string>;
}

/** How thoroughly a document is checked. `validate` uses the defaults. */
export interface CheckOptions {
  /** Resolve each trigger's TriggerAuthentication and environment values and check the trigger with them. */
  runtime?: RuntimeValues;
  /** Every trigger needs its scaler (explain, run): a type no installed package provides is a problem, not a note. */
  requireScalers?: boolean;
  /**
   * Without `runtime`: the (Cluster)TriggerAuthentications of the same file. A trigger that references one of
   * them is checked with the parameters it supplies taken as given (their values are unknown offline).
   */
  authentications?: readonly unknown[];
}

/** Parameters whose values only a cluster (or the environment) has, and whether that list is complete. */
interface OfflineValues {
  /** Parameter names supplied by the TriggerAuthentication or a `...FromEnv` key. */
  supplied: Set<string>;
  /** Why the list may be incomplete (the TriggerAuthentication is elsewhere, or reads an external store). */
  incomplete?: string;
}

const EXTERNAL_STORES = [
  'hashiCorpVault',
  'azureKeyVault',
  'gcpSecretManager',
  'awsSecretManager',
  'awsParameterStore',
  'akeyless',
  'oauth2',
  'boundServiceAccountToken',
  'filePath',
  'podIdentity',
] as const;

/** What a trigger's TriggerAuthentication (in the same file) and `...FromEnv` keys supply, without their values. */
function offlineValues(trigger: Trigger, authentications: readonly unknown[]): OfflineValues {
  const supplied = new Set<string>();
  for (const key of Object.keys(trigger.metadata ?? {})) {
    if (key.endsWith('FromEnv')) supplied.add(key.slice(0, -'FromEnv'.length));
  }
  const ref = trigger.authenticationRef;
  if (ref === undefined) return { supplied };
  const kind = ref.kind ?? 'TriggerAuthentication';
  const raw = authentications.find((candidate) => {
    if (!isRecord(candidate) || !isRecord(candidate.metadata)) return false;
    return candidate.metadata.name === ref.name && (candidate.kind ?? 'TriggerAuthentication') === kind;
  });
  if (raw === undefined) return { supplied, incomplete: `${kind} "${ref.name}" is not in this file` };
  let auth: ReturnType<typeof parseTriggerAuthentication>;
  try {
    auth = parseTriggerAuthentication(raw);
  } catch {
    return { supplied, incomplete: `${kind} "${ref.name}" is invalid` };
  }
  for (const entry of [
    ...(auth.spec.secretTargetRef ?? []),
    ...(auth.spec.configMapTargetRef ?? []),
    ...(auth.spec.env ?? []),
  ]) {
    supplied.add(entry.parameter);
  }
  const external = EXTERNAL_STORES.filter((source) => auth.spec[source] !== undefined && auth.spec[source] !== '');
  if (external.length > 0) return { supplied, incomplete: `${kind} "${ref.name}" also reads ${external.join(', ')}` };
  return { supplied };
}

/** True when a problem may be about a value supplied at run time (its parameter, or a message naming one). */
function aboutSupplied(problem: { parameter?: string | undefined; message: string }, values: OfflineValues): boolean {
  if (values.incomplete !== undefined && /authParams|TriggerAuthentication/.test(problem.message)) return true;
  if (problem.parameter !== undefined && values.supplied.has(problem.parameter)) return true;
  for (const name of values.supplied) {
    if (new RegExp(`(^|[^A-Za-z0-9_])${name.replace(/[^A-Za-z0-9_]/g, '\\$&')}([^A-Za-z0-9_]|$)`).test(problem.message))
      return true;
  }
  return false;
}

/** Triggers whose parameters may come from a TriggerAuthentication or the environment: not checkable offline. */
function needsRuntimeValues(trigger: Trigger): boolean {
  return (
    trigger.authenticationRef !== undefined || Object.keys(trigger.metadata).some((key) => key.endsWith('FromEnv'))
  );
}

/** Metadata keys that hold credentials in KEDA's triggers (passwords, keys, tokens, connection strings). */
const CREDENTIAL_KEYS = new Set([
  'password',
  'connection',
  'connectionString',
  'key',
  'keyPassword',
  'clientSecret',
  'awsSecretAccessKey',
  'awsSessionToken',
  'token',
  'accessToken',
  'apiKey',
  'keytab',
]);

async function checkTriggers(
  triggers: Trigger[],
  registry: ScalerRegistry,
  resource: string,
  notes: string[],
  options: CheckOptions = {},
  namespace?: string,
): Promise<ValidationProblem[]> {
  const problems: ValidationProblem[] = [];
  for (const [index, trigger] of triggers.entries()) {
    if (trigger === undefined) continue; // a malformed trigger of an invalid manifest
    const path = `spec.triggers[${index}]`;
    if (!registry.has(trigger.type) && !KEDA_TRIGGER_TYPES.includes(trigger.type)) {
      // KEDA refuses a type it has no scaler for (scalers_builder.go buildScaler: "no scaler found for type").
      const suggestion = suggestTriggerType(trigger.type);
      problems.push({
        resource,
        path: `${path}.type`,
        message: `"${trigger.type}" is not a trigger type KEDA knows${suggestion ? `; did you mean "${suggestion}"?` : ''} (nor one registered here)`,
      });
      continue;
    }
    let definition: Awaited<ReturnType<ScalerRegistry['resolve']>>;
    try {
      definition = await registry.resolve(trigger.type);
    } catch (error) {
      const unknown = UnknownTriggerTypeError.isInstance(error);
      const unloadable = ScalerError.isInstance(error) && error.code === 'SCALER_PACKAGE_LOAD_ERROR';
      if (!unknown && !unloadable) throw error;
      if (options.requireScalers) {
        problems.push({ resource, path: `${path}.type`, message: terminalMessage(error) });
        continue;
      }
      if (unknown) {
        notes.push(
          `${resource}: ${path}: metadata of trigger type "${trigger.type}" not checked: ${
            error.packageName ? `install ${error.packageName} to check it` : 'no scalerkit package provides this type'
          }`,
        );
        continue;
      }
      // Installed but broken (unbuilt, its client library missing): say why instead of "install it".
      notes.push(
        `${resource}: ${path}: metadata of trigger type "${trigger.type}" not checked: ${terminalMessage(error)}`,
      );
      continue;
    }
    for (const key of Object.keys(trigger.metadata ?? {})) {
      if (CREDENTIAL_KEYS.has(key)) {
        notes.push(
          `${resource}: ${path}.metadata.${key}: warning: a credential written in plain trigger metadata; put it in a Secret and reference it from a TriggerAuthentication (secretTargetRef)`,
        );
      }
    }
    let authParams: Record<string, string> = {};
    let offline: OfflineValues | undefined;
    if (needsRuntimeValues(trigger)) {
      const runtime = options.runtime;
      if (runtime === undefined) {
        // Checked without the values a cluster would supply: problems that may concern them are left out.
        offline = offlineValues(trigger, options.authentications ?? []);
        if (offline.incomplete !== undefined) {
          notes.push(
            `${resource}: ${path}: not fully checked: ${offline.incomplete} (try "scalerkit explain" with the values)`,
          );
        }
      }
    }
    if (needsRuntimeValues(trigger) && options.runtime !== undefined) {
      const runtime = options.runtime;
      const warn = (message: string) => notes.push(`${resource}: ${path}.authenticationRef: warning: ${message}`);
      try {
        authParams = await resolveTriggerAuthentication(trigger, {
          env: runtime.env,
          ...(namespace === undefined ? {} : { namespace }),
          ...runtime.authentication,
          logger: { debug: () => {}, info: () => {}, warn, error: warn },
        });
      } catch (error) {
        problems.push({ resource, path: `${path}.authenticationRef`, message: terminalMessage(error) });
        continue;
      }
    }
    try {
      definition.parse(
        {
          metadata: trigger.metadata,
          authParams,
          resolvedEnv: options.runtime?.env ?? {},
          triggerIndex: index,
          triggerName: trigger.name || undefined,
          metricType: trigger.metricType === 'Utilization' ? undefined : trigger.metricType,
        },
        // Deprecation announcements are worth a note: the manifest works today but not for long.
        {
          emit: (event) =>
            notes.push(`${resource}: ${path}: ${event.type === 'Warning' ? 'warning: ' : ''}${event.message}`),
        },
      );
    } catch (error) {
      if (!ScalerConfigError.isInstance(error)) throw error;
      for (const problem of error.problems) {
        if (offline !== undefined && aboutSupplied(problem, offline)) continue;
        problems.push({
          resource,
          path: problemPath(trigger, path, problem.parameter, problem.message),
          message: clarifyPresent(trigger, problem.parameter, problem.message),
        });
      }
    }
  }
  return problems;
}

/**
 * KEDA pauses a ScaledObject with `paused-replicas` present whatever its value, but only a base-10 integer >= 0
 * sets the replica count; anything else leaves the replicas where they are, without a word
 * (apis/keda/v1alpha1/scaledobject_types.go ScaledObject.GetPausedReplicaCount, v2.21). Say so.
 */
function notePausedReplicas(annotations: Record<string, string> | undefined, resource: string, notes: string[]): void {
  const key = 'autoscaling.keda.sh/paused-replicas';
  const value = annotations?.[key];
  if (value === undefined) return;
  const replicas = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isInteger(replicas) && replicas >= 0 && replicas <= 2 ** 31 - 1) return;
  notes.push(
    `${resource}: metadata.annotations["${key}"]: warning: ${JSON.stringify(value)} is not an integer >= 0: KEDA pauses the ScaledObject but does not set its replicas (they stay where they are), and says nothing`,
  );
}

/**
 * The scalingModifiers formula compiled as the engine compiles it: a name that is no trigger's, or a syntax the
 * formula language has not, fails here as it does in simulate and in KEDA's webhook (validateScalingModifiers).
 */
function checkFormula(so: ScaledObject, resource: string): ValidationProblem[] {
  try {
    compileScalingModifiers(so);
    return [];
  } catch (error) {
    if (!ScalerError.isInstance(error) || error.code !== 'CONFIG_ERROR') throw error;
    return [{ resource, path: 'spec.advanced.scalingModifiers', message: error.message }];
  }
}

/**
 * KEDA v1 leftovers in a manifest KEDA v2 accepts (it drops `scaleTargetRef.containerName`, reads a v1 kafka
 * `brokerList` as nothing): a warning each, naming the v2 field. A v1 manifest KEDA refuses gets them as problems.
 */
function noteKedaV1(document: unknown, resource: string, notes: string[]): void {
  for (const finding of findKedaV1Constructs(document)) {
    notes.push(
      `${resource}: ${finding.path}: warning: ${finding.message} ("scalerkit migrate" rewrites KEDA v1 syntax)`,
    );
  }
}

/**
 * Checks one document of a manifest file and returns its problems (never throws for invalid input); notes
 * and warnings go to `notes`. `options` make it as thorough as explain and run need (see `CheckOptions`).
 */
export async function checkDocument(
  entry: ManifestEntry,
  registry: ScalerRegistry,
  notes: string[],
  options: CheckOptions = {},
): Promise<ValidationProblem[]> {
  const resource = entryLabel(entry);
  if (entry.syntaxError) return [{ resource, path: '', message: entry.syntaxError }];
  try {
    switch (entry.kind) {
      case 'ScaledObject': {
        const so = parseScaledObject(entry.value);
        notePausedReplicas(so.metadata.annotations, resource, notes);
        noteKedaV1(entry.value, resource, notes);
        return [
          ...checkFormula(so, resource),
          ...(await checkTriggers(so.spec.triggers, registry, resource, notes, options, so.metadata.namespace)),
        ];
      }
      case 'ScaledJob': {
        const sj = parseScaledJob(entry.value);
        noteKedaV1(entry.value, resource, notes);
        return checkTriggers(sj.spec.triggers, registry, resource, notes, options, sj.metadata.namespace);
      }
      case 'TriggerAuthentication':
      case 'ClusterTriggerAuthentication':
        parseTriggerAuthentication(entry.value);
        return [];
      default:
        if (entry.kind === undefined) {
          return [{ resource, path: 'kind', message: `missing; expected one of ${kedaKinds.join(', ')}` }];
        }
        notes.push(`${resource}: skipped (not a KEDA resource)`);
        return [];
    }
  } catch (error) {
    if (ScaledObjectValidationError.isInstance(error)) {
      const problems = error.issues.map((issue) => ({ resource, path: issue.path, message: issue.message }));
      // The scaler's own checks still run on every trigger that is well-formed, so one pass shows everything.
      const triggers = wellFormedTriggers(entry.value);
      if (triggers.length > 0) problems.push(...(await checkTriggers(triggers, registry, resource, notes, options)));
      return problems;
    }
    throw error;
  }
}

/**
 * The triggers of an invalid ScaledObject/ScaledJob that can still be checked by their scaler: a string
 * `type` and string metadata values (holes keep the indexes of the others right).
 */
function wellFormedTriggers(document: unknown): Trigger[] {
  const spec = isRecord(document) && isRecord(document.spec) ? document.spec : isRecord(document) ? document : {};
  if (!Array.isArray(spec.triggers)) return [];
  const triggers: Trigger[] = [];
  spec.triggers.forEach((raw: unknown, index: number) => {
    if (!isRecord(raw) || typeof raw.type !== 'string' || raw.type === '' || !isRecord(raw.metadata)) return;
    const metadata = raw.metadata;
    if (!Object.values(metadata).every((value) => typeof value === 'string')) return;
    const metricType =
      raw.metricType === 'Value' || raw.metricType === 'AverageValue' ? raw.metricType : 'AverageValue';
    triggers[index] = {
      type: raw.type,
      name: typeof raw.name === 'string' ? raw.name : '',
      metadata: metadata as Record<string, string>,
      ...(isRecord(raw.authenticationRef)
        ? { authenticationRef: raw.authenticationRef as unknown as NonNullable<Trigger['authenticationRef']> }
        : {}),
      metricType,
      useCachedMetrics: false,
    };
  });
  return triggers;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks every document of a manifest text. */
export async function validateText(
  text: string,
  registry: ScalerRegistry,
): Promise<{ problems: ValidationProblem[]; notes: string[]; resources: string[] }> {
  const entries = splitDocuments(text);
  const notes: string[] = [];
  const problems: ValidationProblem[] = [];
  const authentications = entries
    .filter((entry) => entry.kind === 'TriggerAuthentication' || entry.kind === 'ClusterTriggerAuthentication')
    .map((entry) => entry.value);
  for (const entry of entries) problems.push(...(await checkDocument(entry, registry, notes, { authentications })));
  const resources = entries.filter((entry) => entry.kind && kedaKinds.includes(entry.kind)).map(entryLabel);
  if (entries.length === 0 || (resources.length === 0 && problems.length === 0)) {
    problems.push({ resource: 'file', path: '', message: `no ${kedaKinds.join(', ')} found` });
  }
  return { problems, notes, resources };
}

/** `scalerkit validate <file...>`: one line per problem, exit 1 when there is any. */
export async function validateCommand(files: string[], registry: ScalerRegistry, io: Io): Promise<number> {
  let failed = false;
  for (const file of files) {
    const { problems, notes, resources } = await validateText(await readText(file, io.cwd), registry);
    for (const note of notes) io.err(`${file}: note: ${note}`);
    for (const problem of problems) {
      io.out(`${file}: ${problem.resource}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`);
    }
    if (problems.length > 0) failed = true;
    else io.out(`${file}: ok (${resources.join(', ')})`);
  }
  return failed ? 1 : 0;
}
