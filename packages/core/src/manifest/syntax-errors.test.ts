import { describe, expect, it } from 'vitest';
import { parseScaledObject } from './scaled-object.js';
import { formatSyntaxError } from './syntax-errors.js';
import { catchError } from './test-helpers.js';

const SECRET = 'hunter2-S3CRET';

describe('YAML syntax errors', () => {
  // Each row hides SECRET where the reader stops; the message must name line, column and problem, never the text.
  const rows: { name: string; text: string; message: string }[] = [
    {
      name: 'text after a flow mapping',
      text: `{spec: {}}\n# pasted\n${SECRET}`,
      // Text starting with "{" is tried as JSON first, then read as YAML with JSON named in messages.
      message:
        'JSON syntax error at line 3, column 1: unexpected content (text after the end of a value, or a misplaced ":", "-" or indicator)',
    },
    {
      name: 'an alias to an anchor that does not exist',
      text: `spec: *${SECRET}\n`,
      message: 'YAML syntax error at line 1, column 7: an alias refers to an anchor that is not defined before it',
    },
    {
      name: 'an alias used before its anchor',
      text: `spec:\n  a: *${SECRET}\n  b: &${SECRET} x\n`,
      message: 'YAML syntax error at line 2, column 6: an alias refers to an anchor that is not defined before it',
    },
    {
      name: 'an invalid escape in a double-quoted string',
      text: `spec:\n  password: "${SECRET}\\q"\n`,
      message: 'YAML syntax error at line 2, column 28: a double-quoted string holds an invalid escape sequence',
    },
    {
      name: 'a duplicate key',
      text: `spec:\n  ${SECRET}: a\n  ${SECRET}: b\n`,
      message: 'YAML syntax error at line 3, column 3: a key appears twice in one mapping',
    },
    {
      name: 'a secret as an unquoted value with a colon',
      text: `spec:\n  password: ${SECRET} : x\n`,
      message: 'YAML syntax error at line 2, column 13:',
    },
    {
      name: 'an unterminated quote',
      text: `spec:\n  password: "${SECRET}\n`,
      message: 'YAML syntax error at line 3, column 1: a closing character (a quote, "]" or "}") is missing',
    },
    {
      name: 'broken JSON',
      text: `{"spec": {"password": "${SECRET}",, }}`,
      message: 'JSON syntax error at line 1, column',
    },
  ];
  for (const row of rows) {
    it(`names the position and the problem, never the text: ${row.name}`, () => {
      const error = catchError(() => parseScaledObject(row.text));
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]?.message.startsWith(row.message)).toBe(true);
      expect(JSON.stringify(error)).not.toContain(SECRET);
      expect(error.message).not.toContain(SECRET);
    });
  }

  it('formats any yaml error from its code, ignoring the message that quotes the source', () => {
    const error = {
      code: 'UNEXPECTED_TOKEN',
      message: `Unexpected scalar token in YAML stream: "${SECRET}"`,
      linePos: [{ line: 3, col: 1 }],
    };
    expect(formatSyntaxError('YAML', error)).toBe(
      'YAML syntax error at line 3, column 1: unexpected content (text after the end of a value, or a misplaced ":", "-" or indicator)',
    );
    expect(formatSyntaxError('YAML', { code: 'SOMETHING_NEW', message: SECRET })).toBe(
      'YAML syntax error at an unknown position: the text cannot be read',
    );
    expect(formatSyntaxError('JSON', { message: SECRET, linePos: [{ line: 1, col: 2 }] })).toBe(
      'JSON syntax error at line 1, column 2: the text cannot be read',
    );
  });
});
