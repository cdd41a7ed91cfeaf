/** spec/SOURCE.md for a spec taken from `source` on `date`. */
export function sourceMd(source: string, date: string, sha: string): string {
  return `# Where \`tiktok.openapi.json\` comes from

| field     | value |
| --------- | ----- |
| source    | ${source} |
| converted | to JSON (2-space indent, final newline), nothing else changed |
| retrieved | ${date} |
| sha256    | \`${sha}\` |

The file is never edited by hand: our corrections live in \`spec/overlays/\`. A test fails if
the file's sha256 no longer matches the one above; \`pnpm spec:update\` rewrites both.
`;
}
