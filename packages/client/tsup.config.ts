import { readFileSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

/**
 * openapi-fetch's CJS build sets `exports.default = createClient` with `__esModule`. esbuild
 * compiles our ESM (a `"type": "module"` package) to CJS with Node's interop, where a default
 * import is the whole `module.exports`: the CJS build then crashed at run time while publint
 * and attw stayed green. In the CJS build only, route the import through a shim that takes
 * `.default`, and passes on the named helpers the direct road uses (`core/direct-road.ts`); the
 * ESM build keeps a plain import (and its tree-shaking).
 */
const NAMED = [
  "createFinalURL",
  "createQuerySerializer",
  "defaultPathSerializer",
  "mergeHeaders",
  "removeTrailingSlash",
];
const openapiFetchCjsInterop: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "openapi-fetch-cjs-interop",
  setup(build) {
    build.onResolve({ filter: /^openapi-fetch$/ }, (args) =>
      args.namespace === "interop"
        ? { path: args.path, external: true }
        : { path: "openapi-fetch", namespace: "interop" },
    );
    build.onLoad({ filter: /.*/, namespace: "interop" }, () => ({
      contents: [
        'const m = require("openapi-fetch");',
        "export default m.default;",
        ...NAMED.map((name) => `export const ${name} = m.${name};`),
      ].join("\n"),
      loader: "js",
    }));
  },
};

const shared: Options = {
  entry: ["src/index.ts", "src/limiter.ts"],
  target: "es2022",
  define: { __CLIENT_VERSION__: JSON.stringify(version) },
};

export default defineConfig([
  { ...shared, format: "esm", dts: true },
  // noExternal hands the import to the plugin, which re-externalises the inner require.
  {
    ...shared,
    format: "cjs",
    dts: true,
    noExternal: ["openapi-fetch"],
    esbuildPlugins: [openapiFetchCjsInterop],
  },
]);
