import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
} from 'yaml';
import { ScaledObjectValidationError } from '../errors.js';
import { MANIFEST_LIMITS } from './limits.js';
import { formatSyntaxError, PROBLEMS, where } from './syntax-errors.js';

/** One document of a YAML stream: its plain value, or a problem that names a position and never quotes the text. */
export type YamlDocument = { value: unknown; problem?: undefined } | { value?: undefined; problem: string };

function countDocumentMarkers(text: string): number {
  let count = 0;
  for (const _ of text.matchAll(/^---(?=[ \t\r\n]|$)/gm)) count += 1;
  return count;
}

function limitError(kind: string, message: string): ScaledObjectValidationError {
  return new ScaledObjectValidationError([{ path: '', message }], { kind });
}

function checkTextLimits(text: string, format: string, kind: string): void {
  if (text.length > MANIFEST_LIMITS.maxTextLength) {
    throw limitError(
      kind,
      `${format} text is too large: ${text.length} characters; the limit is ${MANIFEST_LIMITS.maxTextLength} ` +
        '(MANIFEST_LIMITS.maxTextLength; Kubernetes itself stores objects of at most about 1.5 MiB)',
    );
  }
  // Counted before parsing (a `---` line always starts a document), so that 100,000 documents are refused unread.
  const markers = countDocumentMarkers(text);
  if (markers > MANIFEST_LIMITS.maxDocuments) {
    throw limitError(kind, tooManyDocuments(markers));
  }
}

function tooManyDocuments(count: number): string {
  return `YAML text holds ${count} documents; the limit is ${MANIFEST_LIMITS.maxDocuments} (MANIFEST_LIMITS.maxDocuments)`;
}

type Visit =
  | { node: unknown; depth: number }
  | { exit: Node }
  | { pair: { key: unknown; value: unknown }; keys: Set<string>; depth: number };

/** State shared by every document of one text: the alias budget is for the whole text. */
interface WalkState {
  aliases: number;
}

/**
 * Checks one composed document in a single pass over its nodes: nesting depth, keys per mapping (and duplicate keys,
 * which `yaml` checks in quadratic time, so its own check is off), items per list, aliases (their count, and that
 * each refers to a finished anchor before it), and keys that are mappings or lists (kubectl refuses them: an
 * unrendered template `{{ .Values.x }}` reads as a mapping used as a key). Returns the first problem found.
 */
function inspect(
  document: Document.Parsed,
  lines: LineCounter,
  state: WalkState,
  format: 'YAML' | 'JSON',
): string | undefined {
  // Problems of the text itself read "syntax error"; a limit passed reads "error".
  const at = (node: unknown, problem: string, syntax = false): string => {
    const offset = (node as { range?: [number, number, number] } | null)?.range?.[0];
    const position = where(offset === undefined ? undefined : lines.linePos(offset));
    return `${format} ${syntax ? 'syntax error' : 'error'} at ${position}: ${problem}`;
  };
  const anchors = new Map<string, { node: Node; open: boolean }>();
  const stack: Visit[] = [{ node: document.contents, depth: 0 }];
  const checkAlias = (alias: { source: string }): string | undefined => {
    state.aliases += 1;
    if (state.aliases > MANIFEST_LIMITS.maxAliases) {
      return at(alias, `more than ${MANIFEST_LIMITS.maxAliases} aliases (limit MANIFEST_LIMITS.maxAliases)`);
    }
    const anchor = anchors.get(alias.source);
    if (!anchor) return at(alias, 'an alias refers to an anchor that is not defined before it', true);
    if (anchor.open) return at(alias, 'an alias refers to the anchored value that contains it (a cycle)', true);
    return undefined;
  };
  const checkKey = (given: unknown, keys: Set<string>): string | undefined => {
    let key = given;
    if (isAlias(key)) {
      const problem = checkAlias(key);
      if (problem) return problem;
      key = anchors.get(key.source)?.node;
    }
    if (key !== null && key !== undefined && !isScalar(key)) {
      return at(
        given,
        'a mapping or a list is used as a key; kubectl refuses this ' +
          '(an unrendered template such as {{ .Values.x }} reads as one: render it first, or quote the value)',
        true,
      );
    }
    if (isScalar(key) && key.anchor !== undefined) anchors.set(key.anchor, { node: key, open: false });
    const name = isScalar(key) ? String(key.value) : '';
    if (keys.has(name)) return at(given, PROBLEMS.DUPLICATE_KEY as string, true);
    keys.add(name);
    return undefined;
  };
  while (stack.length > 0) {
    const visit = stack.pop() as Visit;
    if ('pair' in visit) {
      const problem = checkKey(visit.pair.key, visit.keys);
      if (problem) return problem;
      stack.push({ node: visit.pair.value, depth: visit.depth });
      continue;
    }
    if ('exit' in visit) {
      const anchor = visit.exit.anchor;
      if (anchor !== undefined) anchors.set(anchor, { node: visit.exit, open: false });
      continue;
    }
    const { node, depth } = visit;
    if (node === null || node === undefined) continue;
    if (isAlias(node)) {
      const problem = checkAlias(node);
      if (problem) return problem;
      continue;
    }
    const anchored = (node as Node).anchor;
    if (anchored !== undefined) {
      anchors.set(anchored, { node: node as Node, open: true });
      stack.push({ exit: node as Node });
    }
    if (isScalar(node)) continue;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth + 1 > MANIFEST_LIMITS.maxDepth) {
      return at(
        node,
        `mappings and lists are nested more than ${MANIFEST_LIMITS.maxDepth} levels deep (limit MANIFEST_LIMITS.maxDepth)`,
      );
    }
    const items = node.items as unknown[];
    if (isMap(node) && items.length > MANIFEST_LIMITS.maxKeysPerMapping) {
      return at(
        node,
        `a mapping has ${items.length} keys; the limit is ${MANIFEST_LIMITS.maxKeysPerMapping} (MANIFEST_LIMITS.maxKeysPerMapping)`,
      );
    }
    if (isSeq(node) && items.length > MANIFEST_LIMITS.maxItemsPerList) {
      return at(
        node,
        `a list has ${items.length} items; the limit is ${MANIFEST_LIMITS.maxItemsPerList} (MANIFEST_LIMITS.maxItemsPerList)`,
      );
    }
    const keys = new Set<string>();
    for (let index = items.length - 1; index >= 0; index -= 1) {
      const item = items[index];
      // Pairs are visited in document order, so an alias used as a key finds anchors defined in earlier values.
      const pairKeys = isMap(node) ? keys : new Set<string>(); // `[a: 1, a: 2]` is two one-pair mappings
      stack.push(isPair(item) ? { pair: item, keys: pairKeys, depth: depth + 1 } : { node: item, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Reads YAML text (one or many documents) into plain values, within `MANIFEST_LIMITS`, in time linear in the text.
 * A limit of the whole text (size, document count) throws a `ScaledObjectValidationError` (for `options.kind`, default
 * `manifest`); a document's own problem (syntax, depth, keys, aliases) is returned in its entry. Messages give a line
 * and column and never quote the text.
 *
 * @example
 * for (const document of readYamlDocuments(text)) {
 *   if (document.problem) console.error(document.problem);
 *   else use(document.value);
 * }
 */
export function readYamlDocuments(
  text: string,
  options: { format?: 'YAML' | 'JSON'; kind?: string } = {},
): YamlDocument[] {
  const format = options.format ?? 'YAML';
  const kind = options.kind ?? 'manifest';
  checkTextLimits(text, format, kind);
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { logLevel: 'error', uniqueKeys: false, lineCounter: lines });
  const documents = Array.isArray(parsed) ? parsed : [parsed];
  if (documents.length > MANIFEST_LIMITS.maxDocuments) throw limitError(kind, tooManyDocuments(documents.length));
  const state: WalkState = { aliases: 0 };
  return documents.map((document): YamlDocument => {
    const error = document.errors[0];
    if (error) return { problem: formatSyntaxError(format, error) };
    const problem = inspect(document, lines, state, format);
    if (problem) return { problem };
    try {
      return { value: document.toJS({ maxAliasCount: MANIFEST_LIMITS.maxAliases }) };
    } catch (cause) {
      const exhausted = cause instanceof Error && /alias count/i.test(cause.message);
      return {
        problem: exhausted
          ? `${format} error: aliases expand to more than ${MANIFEST_LIMITS.maxAliases} copies of their values (limit MANIFEST_LIMITS.maxAliases)`
          : `${format} error: the document cannot be converted to values`,
      };
    }
  });
}
