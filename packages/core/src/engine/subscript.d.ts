// Minimal typing of the subscript entry point scalerkit uses (the package ships types only for its root).
declare module 'subscript/justin' {
  export function parse(source: string): unknown;
  export function compile(ast: unknown): (context?: Record<string, unknown>) => unknown;
}
