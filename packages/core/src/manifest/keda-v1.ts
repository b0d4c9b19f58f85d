/**
 * KEDA v1 manifests, as many articles still show them: recognised (`findKedaV1Constructs`) so that a parse error
 * can say what KEDA v2 wants instead, and rewritten to v2 (`migrateKedaV1`).
 *
 * The mapping is KEDA's own v1 → v2 migration guide (kedacore/keda-docs, content/docs/2.x/migration.md: "Scaling
 * of Deployments", "Scaling of Jobs", "Improved flexibility & usability of trigger metadata", "Scalers",
 * "TriggerAuthentication"), plus what KEDA v2.21.0 itself reads: rabbitmq's `queueLength` is deprecated there in
 * favour of `mode` + `value` (pkg/scalers/rabbitmq_scaler.go, parseRabbitMQMetadata), and kafka's v1 `brokerList`
 * and `authMode` are read by no v2 release (pkg/scalers/kafka_scaler.go reads `bootstrapServers`, `sasl`, `tls`).
 */
import { type Document, isMap, isScalar, isSeq, type Pair, parseAllDocuments, Scalar, type YAMLMap } from 'yaml';
import { ScaledObjectValidationError } from '../errors.js';
import { field, isMapping } from './issues.js';
import { readYamlDocuments } from './yaml-reader.js';

/** KEDA v1's API group and version (`keda.k8s.io/v1alpha1`); v2 serves `keda.sh/v1alpha1`. */
export const KEDA_V1_API_VERSION = 'keda.k8s.io/v1alpha1';
const V2_API_VERSION = 'keda.sh/v1alpha1';

/** One KEDA v1 construct found in a manifest, with what KEDA v2 wants instead. */
export interface KedaV1Finding {
  /** Where it is: `spec.scaleTargetRef.deploymentName`, `spec.triggers[0].metadata.brokerList`. */
  path: string;
  /** What to do, naming the v2 field and giving the fixed line: `KEDA v1's ...; KEDA v2 reads ...: write "..."`. */
  message: string;
  /**
   * True when KEDA v2 refuses the manifest because of it (a required field missing, an API group it does not
   * serve); false when KEDA v2 accepts the manifest but ignores or misreads the v1 construct.
   */
  refusedByV2: boolean;
}

/** One change `migrateKedaV1` made, or one thing it could not translate. */
export interface KedaV1Change {
  /** Which document (1-based) of the text. */
  document: number;
  /** The v1 path the change is about (before the rewrite). */
  path: string;
  /** What was done (`renamed ... to ...`), or why it could not be translated and what to do. */
  message: string;
}

/** What `migrateKedaV1` returns. */
export interface KedaV1Migration {
  /** The rewritten text; the input unchanged when nothing was v1. Comments and key order are kept. */
  text: string;
  /** Every change made, in document order. */
  changes: KedaV1Change[];
  /** What could not be translated (values held in Secrets, settings v2 has no equivalent for). */
  untranslated: KedaV1Change[];
}

// ---------------------------------------------------------------------------------------------------------------
// The mapping

/** v1 trigger metadata whose value was the name of an environment variable; v2 reads `<name>FromEnv` for that. */
const FROM_ENV_RENAMES: Record<string, readonly string[]> = {
  'azure-blob': ['connection'],
  'azure-monitor': ['activeDirectoryClientPassword'],
  'azure-queue': ['connection'],
  'azure-servicebus': ['connection'],
  'azure-eventhub': ['storageConnection', 'connection'],
  'aws-cloudwatch': ['awsAccessKeyID', 'awsSecretAccessKey'],
  'aws-kinesis-stream': ['awsAccessKeyID', 'awsSecretAccessKey'],
  'aws-sqs-queue': ['awsAccessKeyID', 'awsSecretAccessKey'],
  redis: ['address', 'host', 'password'],
  'redis-streams': ['address', 'host', 'password'],
  'gcp-pubsub': ['credentials'],
  postgresql: ['connection', 'password'],
  mysql: ['connectionString', 'password'],
};

/**
 * Environment variables v1 read when the field was absent (migration guide: "**Default**: ..."); v2 has no such
 * default, so a v1 trigger that relied on it needs `<name>FromEnv` written out. Only added when the trigger has no
 * authenticationRef (which may supply the value instead).
 */
const V1_DEFAULT_ENV: Record<string, Record<string, string>> = {
  'azure-blob': { connection: 'AzureWebJobsStorage' },
  'azure-queue': { connection: 'AzureWebJobsStorage' },
  'azure-eventhub': { storageConnection: 'AzureWebJobsStorage', connection: 'EventHub' },
  'aws-cloudwatch': { awsAccessKeyID: 'AWS_ACCESS_KEY_ID', awsSecretAccessKey: 'AWS_SECRET_ACCESS_KEY' },
  'aws-kinesis-stream': { awsAccessKeyID: 'AWS_ACCESS_KEY_ID', awsSecretAccessKey: 'AWS_SECRET_ACCESS_KEY' },
  'aws-sqs-queue': { awsAccessKeyID: 'AWS_ACCESS_KEY_ID', awsSecretAccessKey: 'AWS_SECRET_ACCESS_KEY' },
};

/** AWS triggers that name another way to authenticate need no default key variables. */
const AWS_OTHER_CREDENTIALS = ['awsRoleArn', 'identityOwner', 'awsAccessKeyIDFromEnv', 'awsSecretAccessKeyFromEnv'];

/** KEDA v1 kafka `authMode` values (pkg/scalers/kafka_scaler.go, v1.5) and the v2 `sasl` / `tls` they became. */
const KAFKA_AUTH_MODES: Record<string, { sasl?: string; tls?: string }> = {
  none: {},
  sasl_plaintext: { sasl: 'plaintext' },
  sasl_scram_sha256: { sasl: 'scram_sha256' },
  sasl_scram_sha512: { sasl: 'scram_sha512' },
  sasl_ssl: { tls: 'enable' },
  sasl_ssl_plain: { sasl: 'plaintext', tls: 'enable' },
};

/** A v1 value is shown in a message only when it looks like a name, an address or a number (never free text). */
function shown(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string' && /^[A-Za-z0-9._:/,{} -]{1,200}$/.test(value) && !value.includes('@')) {
    return /^[A-Za-z0-9._:/,-]+$/.test(value) ? value : `'${value}'`;
  }
  return '<value>';
}

/** True when a v1 `host`/`apiHost` value is an address rather than the name of an environment variable. */
function looksLikeUrl(value: unknown): boolean {
  return typeof value === 'string' && value.includes('://');
}

/** The planned edits of one trigger's metadata: renames, additions, removals. */
interface MetadataPlan {
  renames: Array<{ from: string; to: string; why: string; refusedByV2: boolean }>;
  additions: Array<{ key: string; value: string; why: string }>;
  removals: Array<{ key: string; why: string }>;
  /** Value rewrites of kept keys (a renamed key's new value included). */
  values: Array<{ key: string; value: string }>;
  untranslated: Array<{ key: string; why: string }>;
}

function planTrigger(type: string, metadata: Record<string, unknown>, hasAuthRef: boolean): MetadataPlan {
  const plan: MetadataPlan = { renames: [], additions: [], removals: [], values: [], untranslated: [] };
  const has = (key: string) => Object.hasOwn(metadata, key);
  for (const key of FROM_ENV_RENAMES[type] ?? []) {
    if (!has(key) || has(`${key}FromEnv`)) continue;
    plan.renames.push({
      from: key,
      to: `${key}FromEnv`,
      why: `in KEDA v1 ${type}'s ${key} named an environment variable; KEDA v2 reads ${key} as the value itself and ${key}FromEnv as the variable's name`,
      refusedByV2: false,
    });
  }
  const defaults = V1_DEFAULT_ENV[type];
  const awsOther = type.startsWith('aws-') && AWS_OTHER_CREDENTIALS.some(has);
  if (defaults && !hasAuthRef && !awsOther) {
    for (const [key, variable] of Object.entries(defaults)) {
      if (has(key) || has(`${key}FromEnv`)) continue;
      plan.additions.push({
        key: `${key}FromEnv`,
        value: variable,
        why: `KEDA v1 read ${key} from the environment variable ${variable} when it was not given; KEDA v2 has no such default`,
      });
    }
  }
  switch (type) {
    case 'kafka':
      if (has('brokerList')) {
        if (has('bootstrapServers')) plan.removals.push({ key: 'brokerList', why: 'bootstrapServers is also given' });
        else {
          plan.renames.push({
            from: 'brokerList',
            to: 'bootstrapServers',
            why: "KEDA v2's kafka scaler reads the brokers from bootstrapServers",
            refusedByV2: true,
          });
        }
      }
      if (has('authMode')) {
        const mode = KAFKA_AUTH_MODES[String(metadata.authMode)];
        if (mode === undefined) {
          plan.untranslated.push({
            key: 'authMode',
            why: `KEDA v2 reads sasl (plaintext, scram_sha256, scram_sha512, oauthbearer, gssapi) and tls (enable, disable) instead; authMode ${shown(metadata.authMode)} is not one of v1's values`,
          });
        } else {
          plan.removals.push({ key: 'authMode', why: 'KEDA v2 reads sasl and tls instead' });
          if (mode.sasl && !has('sasl')) {
            plan.additions.push({ key: 'sasl', value: mode.sasl, why: `authMode ${String(metadata.authMode)}` });
          }
          if (mode.tls && !has('tls')) {
            plan.additions.push({ key: 'tls', value: mode.tls, why: `authMode ${String(metadata.authMode)}` });
          }
        }
      }
      break;
    case 'rabbitmq':
      if (has('apiHost')) {
        if (has('host') || has('hostFromEnv')) {
          plan.removals.push({ key: 'apiHost', why: 'KEDA v2 reads host only, and host is also given' });
        } else {
          const url = looksLikeUrl(metadata.apiHost);
          plan.renames.push({
            from: 'apiHost',
            to: url ? 'host' : 'hostFromEnv',
            why: `KEDA v2's rabbitmq scaler has host only, with protocol choosing the management API (http)${url ? '' : '; v1 named an environment variable here'}`,
            refusedByV2: true,
          });
          if (!has('protocol')) {
            plan.additions.push({ key: 'protocol', value: 'http', why: 'apiHost meant the management (HTTP) API' });
          }
        }
      }
      if (has('host') && !looksLikeUrl(metadata.host) && !has('hostFromEnv')) {
        plan.renames.push({
          from: 'host',
          to: 'hostFromEnv',
          why: "in KEDA v1 rabbitmq's host named an environment variable; KEDA v2 reads host as the address itself and hostFromEnv as the variable's name",
          refusedByV2: false,
        });
      }
      if (has('includeUnacked')) {
        // v1 counted unacknowledged messages only through the management API; v2's http protocol counts them by
        // default (excludeUnacknowledged: false), its amqp protocol never does.
        plan.removals.push({
          key: 'includeUnacked',
          why: 'KEDA v2 counts unacknowledged messages with protocol http (excludeUnacknowledged: "true" to leave them out)',
        });
        if (String(metadata.includeUnacked).toLowerCase() === 'true' && !has('protocol') && !has('apiHost')) {
          plan.additions.push({
            key: 'protocol',
            value: 'http',
            why: 'includeUnacked: "true" used the management API',
          });
        }
      }
      if (has('queueLength') && !has('mode') && !has('value')) {
        plan.renames.push({
          from: 'queueLength',
          to: 'value',
          why: 'KEDA v2.21 deprecates queueLength for mode: QueueLength with value',
          refusedByV2: false,
        });
        plan.additions.push({ key: 'mode', value: 'QueueLength', why: 'with value, what queueLength meant' });
      }
      break;
    case 'azure-servicebus':
      if (has('queueLength') && !has('messageCount')) {
        plan.renames.push({
          from: 'queueLength',
          to: 'messageCount',
          why: "KEDA v2 renamed azure-servicebus's queueLength to messageCount (an unknown queueLength is ignored: the target falls back to 5)",
          refusedByV2: false,
        });
      }
      break;
    case 'redis':
    case 'redis-streams':
      if (has('port') && !/^\d+$/.test(String(metadata.port))) {
        plan.untranslated.push({
          key: 'port',
          why: 'in KEDA v1 port named an environment variable; KEDA v2 reads the port from address (host:port) or from port as a number',
        });
      }
      break;
    case 'external':
    case 'external-push':
      plan.untranslated.push({
        key: '',
        why: 'KEDA v2 reads an external scaler\'s metadata from the environment only through keys ending in "FromEnv"; rename any key whose value is an environment variable\'s name',
      });
      break;
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------------------------
// Findings on a plain manifest

function isV1Head(manifest: Record<string, unknown>): boolean {
  const spec = field(manifest, 'spec');
  return (
    manifest.apiVersion === KEDA_V1_API_VERSION ||
    (isMapping(field(spec, 'scaleTargetRef')) &&
      Object.hasOwn(field(spec, 'scaleTargetRef') as object, 'deploymentName')) ||
    (isMapping(spec) && Object.hasOwn(spec, 'scaleType'))
  );
}

/**
 * The KEDA v1 constructs of one manifest (a plain object as read from YAML or JSON: a ScaledObject, a v1
 * ScaledObject for jobs, a ScaledJob or a TriggerAuthentication), each with the v2 field to use and the fixed line.
 * Trigger metadata is looked at only in a manifest that is v1 by its head (its apiVersion, `deploymentName`,
 * `scaleType`), or for names no v2 release reads at all (kafka `brokerList`/`authMode`, rabbitmq `apiHost`).
 */
export function findKedaV1Constructs(manifest: unknown): KedaV1Finding[] {
  if (!isMapping(manifest)) return [];
  const findings: KedaV1Finding[] = [];
  if (manifest.apiVersion === KEDA_V1_API_VERSION || manifest.apiVersion === 'keda.k8s.io/v1') {
    findings.push({
      path: 'apiVersion',
      message: `is KEDA v1's API group (keda.k8s.io), which KEDA v2 does not serve: write "apiVersion: ${V2_API_VERSION}"`,
      refusedByV2: true,
    });
  }
  const labels = field(field(manifest, 'metadata'), 'labels');
  if (isMapping(labels) && Object.hasOwn(labels, 'deploymentName')) {
    findings.push({
      path: 'metadata.labels.deploymentName',
      message: 'was required by KEDA v1 only; KEDA v2 does not need it (delete the line)',
      refusedByV2: false,
    });
  }
  const spec = field(manifest, 'spec');
  if (!isMapping(spec)) return findings;
  const v1 = isV1Head(manifest);
  const target = field(spec, 'scaleTargetRef');
  if (isMapping(target)) {
    if (Object.hasOwn(target, 'deploymentName')) {
      const hasName = Object.hasOwn(target, 'name');
      findings.push({
        path: 'spec.scaleTargetRef.deploymentName',
        message: hasName
          ? "is KEDA v1's field; KEDA v2 reads spec.scaleTargetRef.name (given too) and ignores this one: delete the line"
          : `is KEDA v1's field; KEDA v2 names the workload in spec.scaleTargetRef.name: write "name: ${shown(target.deploymentName)}"`,
        refusedByV2: !hasName,
      });
    }
    if (Object.hasOwn(target, 'containerName')) {
      findings.push({
        path: 'spec.scaleTargetRef.containerName',
        message: `is KEDA v1's field; KEDA v2 reads spec.scaleTargetRef.envSourceContainerName (and drops this one): write "envSourceContainerName: ${shown(target.containerName)}"`,
        refusedByV2: false,
      });
    }
  }
  if (Object.hasOwn(spec, 'scaleType')) {
    const job = String(spec.scaleType).toLowerCase() === 'job';
    findings.push({
      path: 'spec.scaleType',
      message: job
        ? 'is KEDA v1\'s way to scale Jobs; KEDA v2 has a kind of its own for it: write "kind: ScaledJob" and delete scaleType (and cooldownPeriod, which ScaledJob has not)'
        : "is KEDA v1's field; KEDA v2 scales Deployments without it: delete the line",
      refusedByV2: job,
    });
  }
  const triggers = field(spec, 'triggers');
  if (!Array.isArray(triggers)) return findings;
  for (const [index, trigger] of triggers.entries()) {
    const type = field(trigger, 'type');
    const metadata = field(trigger, 'metadata');
    if (typeof type !== 'string' || !isMapping(metadata)) continue;
    const plan = planTrigger(type, metadata, field(trigger, 'authenticationRef') !== undefined);
    const at = (key: string) => `spec.triggers[${index}].metadata${key ? `.${key}` : ''}`;
    for (const rename of plan.renames) {
      if (!v1 && !rename.refusedByV2) continue;
      const value =
        rename.from === 'queueLength' && rename.to === 'value' ? metadata.queueLength : metadata[rename.from];
      findings.push({
        path: at(rename.from),
        message: `is KEDA v1's name; ${rename.why}: write "${rename.to}: ${shown(value)}"`,
        refusedByV2: rename.refusedByV2,
      });
    }
    if (!v1 && !plan.renames.some((rename) => rename.refusedByV2)) continue;
    for (const addition of plan.additions) {
      findings.push({
        path: at(addition.key),
        message: `is needed in KEDA v2 (${addition.why}): write "${addition.key}: ${addition.value}"`,
        refusedByV2: false,
      });
    }
    for (const removal of plan.removals) {
      findings.push({ path: at(removal.key), message: `is KEDA v1's; ${removal.why}`, refusedByV2: false });
    }
    for (const item of plan.untranslated) {
      findings.push({ path: at(item.key), message: `is KEDA v1's; ${item.why}`, refusedByV2: false });
    }
  }
  return findings;
}

/** The findings as issue messages, prefixed so that a reader knows where the advice comes from. */
export function kedaV1Issues(manifest: unknown): Array<{ path: string; message: string }> {
  const suffix = ' (KEDA v1 syntax; "scalerkit migrate <file>" rewrites it)';
  return findKedaV1Constructs(manifest).map((finding) => {
    if (finding.path === 'spec.scaleTargetRef.deploymentName' && finding.refusedByV2) {
      // Said where KEDA v2 reports the problem (name is required), in place of its bare "is required".
      const name = shown(field(field(field(manifest, 'spec'), 'scaleTargetRef'), 'deploymentName'));
      return {
        path: 'spec.scaleTargetRef.name',
        message: `is required: KEDA v2 names the workload here, where KEDA v1 read spec.scaleTargetRef.deploymentName: write "name: ${name}" in place of "deploymentName: ${name}"${suffix}`,
      };
    }
    return { path: finding.path, message: `${finding.message}${suffix}` };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The rewrite

type Recorder = { change(path: string, message: string): void; untranslated(path: string, message: string): void };

function mapPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as Pair | undefined;
}

function scalarValue(map: YAMLMap, key: string): unknown {
  const node = map.get(key, true);
  return isScalar(node) ? node.value : node;
}

/** Renames a key in place: its position, value and comments stay. */
function renameKey(map: YAMLMap, from: string, to: string): void {
  const pair = mapPair(map, from);
  if (!pair) return;
  const key = isScalar(pair.key) ? pair.key : new Scalar(from);
  key.value = to;
  pair.key = key;
}

function setString(map: YAMLMap, key: string, value: string): void {
  const scalar = new Scalar(value);
  // Metadata values are strings in KEDA: quote what YAML would read as another type.
  if (/^(?:[-+]?[\d.]+(?:e[-+]?\d+)?|true|false|yes|no|on|off|null|~)$/i.test(value)) {
    scalar.type = Scalar.QUOTE_DOUBLE;
  }
  map.set(key, scalar);
}

function migrateTriggers(spec: YAMLMap, v1: boolean, record: Recorder): void {
  const triggers = spec.get('triggers', true);
  if (!isSeq(triggers)) return;
  for (const [index, item] of triggers.items.entries()) {
    if (!isMap(item)) continue;
    const type = scalarValue(item, 'type');
    const metadataNode = item.get('metadata', true);
    if (typeof type !== 'string' || !isMap(metadataNode)) continue;
    const metadata = metadataNode.toJSON() as Record<string, unknown>;
    const plan = planTrigger(type, metadata, item.has('authenticationRef'));
    if (!v1 && !plan.renames.some((rename) => rename.refusedByV2)) continue;
    const at = (key: string) => `spec.triggers[${index}].metadata${key ? `.${key}` : ''}`;
    for (const rename of plan.renames) {
      renameKey(metadataNode, rename.from, rename.to);
      record.change(at(rename.from), `renamed to ${rename.to}: ${rename.why}`);
    }
    for (const addition of plan.additions) {
      setString(metadataNode, addition.key, addition.value);
      record.change(at(addition.key), `added "${addition.key}: ${addition.value}": ${addition.why}`);
    }
    for (const removal of plan.removals) {
      metadataNode.delete(removal.key);
      record.change(at(removal.key), `deleted: ${removal.why}`);
    }
    for (const item of plan.untranslated) record.untranslated(at(item.key), item.why);
  }
}

function migrateTriggerAuthentication(spec: YAMLMap, record: Recorder): void {
  // A v1 kafka authMode kept in a Secret cannot be rewritten from here: say where it is.
  const refs = spec.get('secretTargetRef', true);
  if (!isSeq(refs)) return;
  for (const [index, ref] of refs.items.entries()) {
    if (isMap(ref) && scalarValue(ref, 'parameter') === 'authMode') {
      record.untranslated(
        `spec.secretTargetRef[${index}]`,
        'parameter authMode is KEDA v1 kafka\'s; KEDA v2 reads sasl (plaintext, scram_sha256, scram_sha512, ...) and tls (enable): store those in the Secret and reference them as parameters "sasl" and "tls"',
      );
    }
  }
}

function migrateDocument(document: Document, record: Recorder): void {
  const root = document.contents;
  if (!isMap(root)) return;
  const plain = root.toJSON() as Record<string, unknown>;
  const v1 = isV1Head(plain);
  const apiVersion = scalarValue(root, 'apiVersion');
  if (apiVersion === KEDA_V1_API_VERSION || apiVersion === 'keda.k8s.io/v1') {
    root.set('apiVersion', V2_API_VERSION);
    record.change('apiVersion', `${String(apiVersion)} → ${V2_API_VERSION} (KEDA v2's API group)`);
  }
  const metadata = root.get('metadata', true);
  const labels = isMap(metadata) ? metadata.get('labels', true) : undefined;
  if (isMap(labels) && labels.has('deploymentName') && v1) {
    labels.delete('deploymentName');
    record.change('metadata.labels.deploymentName', 'deleted: KEDA v2 does not need it');
    if (labels.items.length === 0 && isMap(metadata)) metadata.delete('labels');
  }
  const spec = root.get('spec', true);
  if (!isMap(spec)) return;
  const kind = scalarValue(root, 'kind');
  if (kind === 'TriggerAuthentication' || kind === 'ClusterTriggerAuthentication') {
    migrateTriggerAuthentication(spec, record);
    return;
  }
  const target = spec.get('scaleTargetRef', true);
  if (isMap(target)) {
    if (target.has('deploymentName')) {
      if (target.has('name')) {
        target.delete('deploymentName');
        record.change('spec.scaleTargetRef.deploymentName', 'deleted: name is also given');
      } else {
        renameKey(target, 'deploymentName', 'name');
        record.change('spec.scaleTargetRef.deploymentName', 'renamed to name');
      }
    }
    if (target.has('containerName')) {
      if (target.has('envSourceContainerName')) target.delete('containerName');
      else renameKey(target, 'containerName', 'envSourceContainerName');
      record.change('spec.scaleTargetRef.containerName', 'renamed to envSourceContainerName');
    }
  }
  if (spec.has('scaleType')) {
    const type = String(scalarValue(spec, 'scaleType')).toLowerCase();
    spec.delete('scaleType');
    if (type === 'job') {
      root.set('kind', 'ScaledJob');
      record.change('kind', 'ScaledObject → ScaledJob (spec.scaleType: job is how KEDA v1 scaled Jobs)');
      record.change('spec.scaleType', 'deleted: ScaledJob scales Jobs');
      if (spec.has('scaleTargetRef') && spec.has('jobTargetRef')) {
        spec.delete('scaleTargetRef');
        record.change('spec.scaleTargetRef', 'deleted: a ScaledJob runs jobTargetRef');
      }
      if (spec.has('cooldownPeriod')) {
        spec.delete('cooldownPeriod');
        record.change(
          'spec.cooldownPeriod',
          'deleted: ScaledJob has no cooldown (each Job runs to completion; finished Jobs are kept by successfulJobsHistoryLimit / failedJobsHistoryLimit)',
        );
      }
    } else {
      record.change('spec.scaleType', `deleted: KEDA v2 scales Deployments without it (was ${type})`);
    }
  }
  migrateTriggers(spec, v1, record);
}

/**
 * Rewrites KEDA v1 manifests in YAML text to v2: every document of the text, keeping comments and key order
 * (keys are renamed where they stand). Returns the text, each change made and what could not be translated.
 * Text that holds no v1 construct comes back unchanged with no changes.
 *
 * @throws ScaledObjectValidationError when the text is not YAML (the message names the line and column) or is
 *   beyond MANIFEST_LIMITS.
 */
export function migrateKedaV1(text: string): KedaV1Migration {
  // The project's reader first: it enforces the limits and reports syntax errors without quoting the text.
  for (const read of readYamlDocuments(text, { format: 'YAML', kind: 'manifest' })) {
    if (read.problem !== undefined) {
      throw new ScaledObjectValidationError([{ path: '', message: read.problem }], { kind: 'manifest' });
    }
  }
  const documents = parseAllDocuments(text, { keepSourceTokens: false });
  if (!Array.isArray(documents)) return { text, changes: [], untranslated: [] };
  const changes: KedaV1Change[] = [];
  const untranslated: KedaV1Change[] = [];
  for (const [index, document] of documents.entries()) {
    migrateDocument(document, {
      change: (path, message) => changes.push({ document: index + 1, path, message }),
      untranslated: (path, message) => untranslated.push({ document: index + 1, path, message }),
    });
  }
  if (changes.length === 0) return { text, changes, untranslated };
  // Sequences written flush with their key (`triggers:` then `- type:` at the same indent) stay so.
  const indentSeq = !/^( *)[^\s#-][^\n]*:[ \t]*\n\1- /m.test(text);
  const out = documents.map((document) => document.toString({ lineWidth: 0, indentSeq })).join('');
  return { text: out, changes, untranslated };
}
