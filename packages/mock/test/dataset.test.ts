import { describe, expect, it } from "vitest";
import { item } from "../src/core/dataset.js";

/**
 * 200 items of a one-property schema whose object hints that property (`x-sdk-mock`, as the
 * overlay writes it): the values the mock makes for it.
 */
const valuesOf = ({ "x-sdk-mock": hint, ...prop }: Record<string, unknown>, name = "field") =>
  Array.from(
    { length: 200 },
    (_, i) =>
      (
        item(
          {
            type: "object",
            properties: { [name]: prop },
            ...(hint === undefined ? {} : { "x-sdk-mock": { [name]: hint as string } }),
          },
          { seed: "s", id: "e", i },
          {},
        ) as Record<string, unknown>
      )[name],
  );

describe("the mock's values follow the overlay's x-sdk-mock hints, whatever a field is named", () => {
  // [what, property schema, property name, check over the 200 values]
  it.each<[string, Record<string, unknown>, string, (v: unknown[]) => boolean]>([
    [
      "rating: 1 to 5 stars, 5 more often than 2",
      { type: "integer", "x-sdk-mock": "rating" },
      "stars",
      (v) =>
        v.every((x) => Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 5) &&
        v.filter((x) => x === 5).length > v.filter((x) => x === 2).length,
    ],
    [
      "text: text as people write it (a newline, an emoji, a quote)",
      { type: "string", "x-sdk-mock": "text" },
      "body",
      (v) =>
        /\n/.test(v.join("")) &&
        /\p{Extended_Pictographic}/u.test(v.join("")) &&
        /"/.test(v.join("")),
    ],
    [
      "variant-label: a few labels, each `Item: <size>, <color>`",
      { type: "string", "x-sdk-mock": "variant-label" },
      "option",
      (v) =>
        new Set(v).size > 1 &&
        new Set(v).size <= 5 &&
        v.every((x) => /^Item: .+, .+$/.test(x as string)),
    ],
    [
      "no hint: a field named `rating` is an integer like any other, not stars",
      { type: "integer" },
      "rating",
      (v) => v.some((x) => (x as number) > 5),
    ],
    [
      "no hint: a field named `sku_specification` is text like any other",
      { type: "string" },
      "sku_specification",
      (v) => !v.some((x) => /^Item: /.test(x as string)),
    ],
    [
      "a hint named like an Object method is no hint",
      { type: "integer", "x-sdk-mock": "toString" },
      "n",
      (v) => v.every((x) => Number.isInteger(x)),
    ],
    [
      "an unknown hint is ignored: the type decides",
      { type: "integer", "x-sdk-mock": "no-such-hint" },
      "n",
      (v) => v.every((x) => Number.isInteger(x)),
    ],
  ])("%s", (_what, prop, name, check) => {
    expect(check(valuesOf(prop, name))).toBe(true);
  });

  it("variant-label and variant-id agree: one id per label; a stale hint adds nothing", () => {
    const schema = {
      type: "object",
      properties: { label: { type: "string" }, id: { type: "string" } },
      "x-sdk-mock": { label: "variant-label", id: "variant-id", gone: "rating" },
    };
    const pairs = new Map<unknown, Set<unknown>>();
    for (let i = 0; i < 200; i++) {
      const x = item(schema, { seed: "s", id: "e", i }, {}) as { label: string; id: string };
      pairs.set(x.label, (pairs.get(x.label) ?? new Set()).add(x.id));
    }
    expect(pairs.size).toBeGreaterThan(1);
    for (const ids of pairs.values()) expect(ids.size).toBe(1);
    // A hint for a property the schema no longer has (the vendor removed it) makes nothing up.
    expect(Object.keys(item(schema, { seed: "s", id: "e", i: 1 }, {}))).toEqual(["label", "id"]);
  });
});

describe("a name suggests a value, the schema's type decides it", () => {
  const at = { seed: "s", id: "1", i: 3 };
  // [field, its schema, what every value must be]
  it.each<[string, object, (v: unknown) => boolean]>([
    ["comment_id", { type: "string" }, (v) => typeof v === "string" && /^\d{19}$/.test(v)],
    ["user_id", { type: "integer" }, (v) => Number.isSafeInteger(v)],
    ["create_time", { type: "integer" }, (v) => Number.isSafeInteger(v)],
    [
      "create_time",
      { type: "string" },
      (v) => typeof v === "string" && new Date(v).toISOString() === v,
    ],
    [
      "update_timestamp",
      { type: "string" },
      (v) => typeof v === "string" && !Number.isNaN(Date.parse(v)),
    ],
  ])("%s typed %j", (name, schema, fits) => {
    const values = Array.from(
      { length: 20 },
      (_, i) =>
        (item({ properties: { [name]: schema } }, { ...at, i }, {}) as Record<string, unknown>)[
          name
        ],
    );
    for (const v of values) expect(fits(v), JSON.stringify(v)).toBe(true);
  });
});

describe("an item fits what its schema requires", () => {
  const at = { seed: "s", id: "1", i: 2 };
  /** A schema requiring `next` down `levels` levels, each with its own required name. */
  const chain = (levels: number): object =>
    levels === 0
      ? { type: "string" }
      : {
          type: "object",
          required: ["name", "next"],
          properties: {
            name: { type: "string" },
            extra: { type: "integer" },
            next: chain(levels - 1),
          },
        };
  /** Depth of the `next` chain in a value. */
  const depth = (v: unknown): number =>
    v && typeof v === "object" ? 1 + depth((v as { next?: unknown }).next) : 0;
  // [field, its schema, what its value must be]
  it.each<[string, object, (v: unknown) => boolean]>([
    [
      "a oneOf field (it was null)",
      { oneOf: [{ type: "integer" }, { type: "string" }] },
      (v) => Number.isInteger(v),
    ],
    [
      "minItems 5",
      { type: "array", minItems: 5, items: { type: "integer" } },
      (v) => Array.isArray(v) && v.length >= 5,
    ],
    [
      "maxItems 1",
      { type: "array", maxItems: 1, items: { type: "integer" } },
      (v) => Array.isArray(v) && v.length <= 1,
    ],
    ["a required chain 8 deep (it was {} past 4)", chain(8), (v) => depth(v) === 8],
  ])("%s", (_case, schema, fits) => {
    const value = (item({ properties: { f: schema } }, at, {}) as Record<string, unknown>).f;
    expect(fits(value), JSON.stringify(value)).toBe(true);
  });
});
