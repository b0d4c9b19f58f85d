// Error messages for a person at a terminal: the library's messages, without advice only a library user can
// follow, without a cause repeated inside its own message, and with what the CLI itself knows added (the
// environment variable that supplies a secret).
import { UnknownTriggerTypeError } from '@scalerkit/core';
import { secretEnvName } from '@scalerkit/core/manifest';

/** Problems found in a manifest file, printed one a line (`file: ScaledObject/name: path: message`), exit 1. */
export class ManifestProblems extends Error {
  override readonly name = 'ManifestProblems';
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

/** An error raised while a command worked on a resource: printed as `file: Kind/name: message`. */
export class ResourceError extends Error {
  override readonly name = 'ResourceError';
  constructor(
    readonly file: string,
    readonly resource: string,
    override readonly cause: unknown,
  ) {
    super(`${file}: ${resource}: ${terminalMessage(cause)}`);
  }
}

/** Advice addressed to code that uses the library, and what the CLI says instead. */
const LIBRARY_ADVICE: Array<[RegExp, string]> = [
  // testing's simulate: the CLI has no metricSpecs option; the manifest is the only way to say the target.
  [/ or pass metricSpecs\[[^\]]*\]/g, ''],
  [/ \(or register its definition\)/g, ''],
  // core's TriggerAuthentication resolver speaks to code that passes value providers.
  [
    /; read the value yourself and serve it through a SecretProvider with secretTargetRef/g,
    '; reference the value with secretTargetRef instead (outside Kubernetes scalerkit reads it from the environment variable <SECRET NAME>_<KEY>)',
  ],
  [/ needs a provider in sources\.\w+ \(e\.g\. createStaticSecretProvider\)/g, ' is not available here'],
  [/: install it and import '([^']+)\/register'/g, ', which is not installed here: npm install $1'],
  // The engine checks the targets it is given; in the CLI they come from each trigger's metadata.
  [
    /createScalingEngine: "metricSpecs\.([^"[]+)\[\d+\]\.targetValue" must be/g,
    'trigger "$1": its target (from its metadata) must be',
  ],
];

/** A secret's value that the environment did not supply: name the variable that would (see authentication.ts). */
const MISSING_SECRET = /\b(secret|configMap) "([^"]+)" has no key "([^"]+)"/;

/**
 * One error as a line for the terminal: the library's advice for code translated or dropped, the leading
 * `registry: ` and repeated prefixes (`kafka trigger 0: kafka: ...`) folded, a missing secret named by the
 * environment variable that supplies it.
 */
export function terminalMessage(error: unknown): string {
  if (UnknownTriggerTypeError.isInstance(error)) {
    const { triggerType, packageName } = error as UnknownTriggerTypeError;
    const what = `trigger type "${triggerType}"`;
    return packageName
      ? `${what} is provided by ${packageName}, which is not installed here (npm install ${packageName})`
      : `no scalerkit package provides ${what}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return tidyMessage(message);
}

/** `terminalMessage` for a message already in hand. */
export function tidyMessage(message: string): string {
  let text = message.replace(/^registry: /, '');
  for (const [pattern, replacement] of LIBRARY_ADVICE) text = text.replace(pattern, replacement);
  text = foldRepeatedPrefixes(text);
  const secret = MISSING_SECRET.exec(text);
  if (secret) {
    const [, what, name, key] = secret;
    text += `; outside Kubernetes scalerkit reads ${what} "${name}" key "${key}" from the environment variable ${secretEnvName(name!, key!)}: set it`;
  }
  return text;
}

/**
 * `kafka trigger 0: kafka: lag failed` → `kafka trigger 0: lag failed`, and `a: a: b` → `a: b`: a label
 * added by each layer that wrapped the error, said once.
 */
function foldRepeatedPrefixes(text: string): string {
  let folded = text.replace(/(^|: )([a-z][\w-]*) trigger ([^:]+): \2: /g, '$1$2 trigger $3: ');
  for (;;) {
    const next = folded.replace(/(^|: )([^:]{1,80}): \2: /, '$1$2: ');
    if (next === folded) return folded;
    folded = next;
  }
}

/**
 * A line that quotes the same error several times (a decision names a trigger's error, then the metric it
 * made invalid): the first quote kept, later ones replaced by `(same error)`; with `keepFirst: false` every one
 * (when the error was printed just above).
 */
export function withoutRepeatedErrors(line: string, errors: readonly string[], keepFirst = true): string {
  let text = line;
  for (const error of new Set(errors)) {
    if (error === '') continue;
    let seen = !keepFirst;
    let index = text.indexOf(error);
    while (index !== -1) {
      if (seen) {
        // `... invalid: <error>` → `... invalid (same error)`; `0: <error>` → `0 (same error)`.
        const before = text.slice(0, index).replace(/: $/, '');
        const replacement = ' (same error)';
        text = `${before}${replacement}${text.slice(index + error.length)}`;
        index = text.indexOf(error, before.length + replacement.length);
      } else {
        seen = true;
        index = text.indexOf(error, index + error.length);
      }
    }
  }
  return text;
}
