import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRequestUriPath } from './go-request-uri.js';

interface GoRow {
  input: string;
  path: string | null;
}

// Produced by Go 1.26.8's net/url (test-fixtures/go-request-uri/main.go), the toolchain KEDA v2.21.0 builds with.
const rows: GoRow[] = JSON.parse(
  readFileSync(new URL('../test-fixtures/go-request-uri/expected.json', import.meta.url), 'utf8'),
);

describe('parseRequestUriPath matches Go url.ParseRequestURI', () => {
  it('has the Go table', () => {
    expect(rows.length).toBe(61);
  });
  for (const row of rows) {
    it(`${JSON.stringify(row.input)} -> ${row.path === null ? 'rejected' : JSON.stringify(row.path)}`, () => {
      expect(parseRequestUriPath(row.input)).toBe(row.path ?? undefined);
    });
  }
});
