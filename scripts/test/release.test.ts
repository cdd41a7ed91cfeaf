import { execFileSync } from "node:child_process";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../src/repo.js";
import { run, tempDir, tscBin } from "./helpers.js";
import { startRegistry, type Registry } from "./support/verdaccio.js";
import { PUBLISHED as PUBLISHED_NAMES } from "../src/spec-update/changeset.js";

const require = createRequire(import.meta.url);
const changesetBin = path.join(
  path.dirname(require.resolve("@changesets/cli/package.json", { paths: [repoRoot] })),
  "bin.js",
);
const prettierBin = path.join(
  path.dirname(require.resolve("prettier/package.json", { paths: [repoRoot] })),
  "bin/prettier.cjs",
);
// The packages' folders, by their names in the changesets fixed group (every published one).
const PUBLISHED = PUBLISHED_NAMES.map((name) => name.replace("@keyapi-tiktok/", ""));

const CONSUMER = `import { createKeyApiClient, type KeyApiClient } from "@keyapi-tiktok/client";
import type { ProductReview } from "@keyapi-tiktok/types";
import { startMockServer } from "@keyapi-tiktok/mock";

const mock = await startMockServer({ datasetSize: 25 });
const client: KeyApiClient = createKeyApiClient({ baseUrl: mock.url, apiKey: mock.testKey });
const reviews: ProductReview[] = [];
// One page at a time: the credits spent are then exactly the 3 pages the data needs.
for await (const r of client.paginate("/v1/tiktok/product/reviews/analytics", { query: { product_id: "42" }, concurrency: 1 })) {
  reviews.push(r);
}
console.log(JSON.stringify({ reviews: reviews.length, credits: client.credits.charged }));
await mock.close();
`;

let registry: Registry | undefined;
afterAll(() => registry?.stop());

describe("release flow, for real, on a temporary copy", () => {
  it(
    "changeset version → changeset publish to a local registry → a fresh consumer installs, typechecks and runs",
    { timeout: 240_000 },
    async () => {
      // 1. A copy of the workspace as committed, with the packages' built dist.
      const copy = await tempDir("release");
      const files = execFileSync(
        "git",
        ["ls-files", "--cached", "--others", "--exclude-standard"],
        { cwd: repoRoot, encoding: "utf8" },
      )
        .split("\n")
        .filter((f) => f && !f.startsWith("scripts/fixtures/"));
      for (const f of files) {
        await mkdir(path.dirname(path.join(copy, f)), { recursive: true });
        await cp(path.join(repoRoot, f), path.join(copy, f)).catch(() => {});
      }
      for (const p of PUBLISHED)
        await cp(
          path.join(repoRoot, "packages", p, "dist"),
          path.join(copy, "packages", p, "dist"),
          { recursive: true },
        );
      // One patch release, whatever changesets are pending on the branch.
      for (const f of await readdir(path.join(copy, ".changeset")))
        if (f.endsWith(".md") && f !== "README.md") await rm(path.join(copy, ".changeset", f));
      await writeFile(
        path.join(copy, ".changeset/release-test.md"),
        `---\n${PUBLISHED.map((p) => `"@keyapi-tiktok/${p}": patch`).join("\n")}\n---\n\nRelease test.\n`,
      );

      // 2. changeset version, then prettier (changesets rewrites package.json formatting).
      const version = await run(process.execPath, [changesetBin, "version"], copy);
      expect(version.code, version.stderr).toBe(0);
      await run(
        process.execPath,
        [prettierBin, "--write", "**/package.json", "**/CHANGELOG.md"],
        copy,
      );
      const pkg = JSON.parse(
        await readFile(path.join(copy, "packages/client/package.json"), "utf8"),
      );
      const before = JSON.parse(
        await readFile(path.join(repoRoot, "packages/client/package.json"), "utf8"),
      );
      const [major, minor, patch] = before.version.split(".").map(Number);
      expect(pkg.version).toBe(`${major}.${minor}.${patch + 1}`);
      expect(await readFile(path.join(copy, "packages/client/CHANGELOG.md"), "utf8")).toContain(
        "Release test.",
      );

      // 3. changeset publish to Verdaccio on 127.0.0.1 (storage in the temp folder).
      const port = 4873 + Math.floor(Math.random() * 500);
      registry = await startRegistry(path.join(copy, ".registry"), port);
      const npmrc = `registry=${registry.url}\n//127.0.0.1:${port}/:_authToken=fake\n`;
      await writeFile(path.join(copy, ".npmrc"), npmrc);
      // pnpm publish turns workspace:* into versions, which needs the workspace linked (offline,
      // from the store the test command's install filled).
      const link = await run(
        "pnpm",
        ["install", "--offline", "--frozen-lockfile", "--ignore-scripts"],
        copy,
      );
      expect(link.code, link.stdout + link.stderr).toBe(0);
      const publish = await run(process.execPath, [changesetBin, "publish", "--no-git-tag"], copy);
      expect(publish.code, publish.stdout + publish.stderr).toBe(0);
      for (const p of PUBLISHED)
        expect(publish.stdout + publish.stderr).toContain(`@keyapi-tiktok/${p}@${pkg.version}`);

      // 4. A fresh consumer outside the workspace installs the client from that registry with npm.
      const consumer = await tempDir("consumer");
      await writeFile(
        path.join(consumer, "package.json"),
        JSON.stringify({ name: "consumer", private: true, type: "module" }),
      );
      await writeFile(
        path.join(consumer, ".npmrc"),
        `@keyapi-tiktok:registry=${registry.url}\n//127.0.0.1:${port}/:_authToken=fake\n`,
      );
      const install = await run(
        "npm",
        [
          "install",
          "--no-audit",
          "--no-fund",
          `@keyapi-tiktok/client@^${pkg.version}`,
          `@keyapi-tiktok/mock@^${pkg.version}`,
        ],
        consumer,
      );
      expect(install.code, install.stderr).toBe(0);
      const installed = JSON.parse(
        await readFile(
          path.join(consumer, "node_modules/@keyapi-tiktok/types/package.json"),
          "utf8",
        ),
      );
      expect(installed.version).toBe(pkg.version); // workspace:* became the released version

      await writeFile(path.join(consumer, "main.ts"), CONSUMER);
      await writeFile(
        path.join(consumer, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            module: "NodeNext",
            moduleResolution: "NodeNext",
            target: "ES2022",
            outDir: "out",
            skipLibCheck: false,
            types: [],
          },
          files: ["main.ts"],
        }),
      );
      const tsc = await run(process.execPath, [tscBin, "-p", consumer]);
      expect(tsc.stdout + tsc.stderr).toBe("");
      const result = await run(process.execPath, [path.join(consumer, "out/main.js")], consumer);
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout)).toEqual({ reviews: 25, credits: 3 });
    },
  );
});
