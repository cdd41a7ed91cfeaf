// The client's size budget. Its own code is a fixed budget; the generated tables it bundles
// (parameter checks, pagination, credits) grow with the vendored spec, so their budget is stated
// per operation: the day the vendor's whole spec lands (about 78 operations), the budget moves
// with it and still catches a change that makes every operation costlier.
// Measured (brotli): 14.13 kB of code (docs/client.md "Size" has the history); tables about 0.55 kB plus about 0.05 kB per operation
// (0.45 → 0.55 kB base on 2026-12-01: request bodies read as JSON.stringify sends them, ≈ 90 B;
// 0.55 → 0.6 kB on 2026-12-02: a required query or path parameter given "" refused, ≈ 20 B).
// The validators' entry: 1.2 → 1.25 kB on 2026-12-02, when 173 B of code made it 236 B larger
// (brotli over the two together is not the sum of its parts).
// 13.8 → 14.15 kB on 2026-12-04: a page walk whose full pages bring nothing new, page after
// page, is stopped (`page-reader.ts`; each id once moved there, read in page order by the
// scheduler): 13.78 → 14.12 kB of code, the entry with the tables 14.48 → 14.80 kB.
// 14.15 → 14.2 kB on 2026-12-04: a walk's `stop` (pages in flight kept, a CLI's first Ctrl-C):
// 14.12 → 14.13 kB of code, but the entry with the tables 14.82 → 14.89 kB (brotli again).
const { clientTable } = require("@keyapi-tiktok/types");

const operations = Object.keys(clientTable).length;
const kB = (n) => `${n.toFixed(2)} kB`;
/** The client's own code, fixed: every other budget is this plus what grows with the spec. */
const CODE = 14.2;

module.exports = [
  {
    name: "client code + openapi-fetch (generated tables excluded)",
    path: "dist/index.js",
    import: "{ createKeyApiClient }",
    ignore: ["@keyapi-tiktok/types"],
    limit: kB(CODE),
  },
  {
    name: `client entry with the tables of ${operations} operation(s)`,
    path: "dist/index.js",
    import: "{ createKeyApiClient }",
    ignore: ["@keyapi-tiktok/types/validators"],
    limit: kB(CODE + 0.6 + 0.1 * operations),
  },
  {
    name: `client entry + lazy response validators (${operations} operation(s))`,
    path: "dist/index.js",
    import: "{ createKeyApiClient }",
    limit: kB(CODE + 1.25 + 0.6 * operations),
  },
];
