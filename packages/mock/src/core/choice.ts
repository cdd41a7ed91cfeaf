import { resolveSchema } from "@keyapi-tiktok/types/spec";

type Composed = { oneOf?: object[]; anyOf?: object[] };

/**
 * A schema with its first `oneOf`/`anyOf` alternative merged in, the rest of it kept (a
 * `maxLength` beside a `oneOf` holds too): the simplest fit the mock makes a value for. `doc` is
 * where the alternative's `$ref`s point (the effective spec by default).
 */
export function withChoice<S extends Composed>(schema: S, doc?: unknown): S {
  const choice = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (!choice) return schema;
  const { oneOf: _o, anyOf: _a, ...rest } = schema;
  return resolveSchema({ allOf: [rest, choice] }, doc) as unknown as S;
}
