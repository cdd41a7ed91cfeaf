import { describe, expectTypeOf, it } from "vitest";
import type { OperationTable, paths } from "../src/index.js";

// Properties of whatever spec is vendored, never its inventory: the day the vendor's whole
// spec lands these still hold. Shapes of particular operations are type-tested on the
// multi-operation fixture spec (scripts/test/fixture-pipeline.test.ts).

/** Every operation object of the spec (openapi-typescript writes absent methods as `never`). */
type AnyOperation = Extract<
  { [P in keyof paths]: paths[P][Exclude<keyof paths[P], "parameters">] }[keyof paths],
  { responses: unknown }
>;
type Json<R> = R extends { content: { "application/json": infer J } } ? J : never;

describe("generated types, for every operation of the spec", () => {
  it("the types and the runtime table name the same paths", () => {
    expectTypeOf<keyof paths>().toEqualTypeOf<keyof OperationTable>();
  });

  it("an unknown path is a type error", () => {
    // @ts-expect-error no such path in any spec of this API
    type Unknown = paths["/v1/tiktok/no/such/operation"];
  });

  it("every error response is the overlay's ErrorEnvelope, 403 included", () => {
    type Errors = AnyOperation["responses"][400 | 401 | 402 | 403 | 429 | 500];
    expectTypeOf<Json<Errors>["data"]>().toEqualTypeOf<null>();
    expectTypeOf<Json<Errors>["code"]>().toEqualTypeOf<number>();
    expectTypeOf<Json<Errors>["requestId"]>().toEqualTypeOf<string | undefined>();
  });

  it("every success response is the envelope: a numeric code and a data member", () => {
    type Ok = Json<AnyOperation["responses"][200]>;
    expectTypeOf<Ok["code"]>().toEqualTypeOf<number>();
    expectTypeOf<Ok>().toHaveProperty("data");
  });
});
