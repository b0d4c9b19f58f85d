import { MANIFEST_LIMITS } from './limits.js';

// yaml's messages quote the source (`Unexpected scalar token in YAML stream: "hunter2"`), so each error code gets
// its own wording, and the message itself is never shown.
export const PROBLEMS: Record<string, string> = {
  ALIAS_PROPS: 'an alias cannot carry an anchor or a tag',
  BAD_ALIAS: 'an alias is malformed',
  BAD_COLLECTION_TYPE: 'a collection does not match its tag',
  BAD_DIRECTIVE: 'a directive (a line starting with %) is malformed',
  BAD_DQ_ESCAPE: 'a double-quoted string holds an invalid escape sequence',
  BAD_INDENT: 'bad indentation, or a flow collection ([...] or {...}) that is not closed',
  BAD_PROP_ORDER: 'an anchor or a tag must come before the value it applies to',
  BAD_SCALAR_START: 'a plain value cannot start with this character; quote the value',
  BLOCK_AS_IMPLICIT_KEY: 'a block collection cannot be used as a key',
  BLOCK_IN_FLOW: 'a block collection cannot appear inside a flow collection ([...] or {...})',
  DUPLICATE_KEY: 'a key appears twice in one mapping',
  IMPOSSIBLE: 'the text cannot be read as YAML',
  KEY_OVER_1024_CHARS: 'an implicit key is longer than 1024 characters',
  MISSING_CHAR: 'a closing character (a quote, "]" or "}") is missing',
  MULTILINE_IMPLICIT_KEY: 'an implicit key must fit on one line',
  MULTIPLE_ANCHORS: 'a value has more than one anchor',
  MULTIPLE_DOCS: 'several documents where one was expected',
  MULTIPLE_TAGS: 'a value has more than one tag',
  NON_STRING_KEY: 'a key must be a string',
  // The composer reports its own stack overflow under this code: only a nesting far past the limit gets there.
  RESOURCE_EXHAUSTION: `mappings and lists are nested more than ${MANIFEST_LIMITS.maxDepth} levels deep (limit MANIFEST_LIMITS.maxDepth)`,
  TAB_AS_INDENT: 'tabs are not allowed as indentation',
  TAG_RESOLVE_FAILED: 'a value does not match its tag',
  UNEXPECTED_TOKEN: 'unexpected content (text after the end of a value, or a misplaced ":", "-" or indicator)',
};

export type Position = { line: number; col: number };

export function where(position: Position | undefined): string {
  return position ? `line ${position.line}, column ${position.col}` : 'an unknown position';
}

/**
 * Describes a `yaml` parse error by its position and kind. The offending source is never quoted (it may hold a
 * secret): the wording comes from the error's `code`, not from its message. `format` names what the text looked
 * like (JSON text is read as YAML when `JSON.parse` fails).
 *
 * @example
 * const [document] = parseAllDocuments(text);
 * if (document?.errors[0]) console.error(formatSyntaxError('YAML', document.errors[0]));
 * // YAML syntax error at line 3, column 1: a key appears twice in one mapping
 */
export function formatSyntaxError(
  format: 'YAML' | 'JSON',
  error: { code?: string; message: string; linePos?: unknown },
): string {
  const position = Array.isArray(error.linePos) ? (error.linePos[0] as Position) : undefined;
  const problem = (error.code !== undefined && PROBLEMS[error.code]) || 'the text cannot be read';
  return `${format} syntax error at ${where(position)}: ${problem}`;
}
