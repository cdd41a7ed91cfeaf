import type { Sample } from "./derive-sample.js";

/** The committed samples file: one sample request per operation, keyed `"METHOD path"`. */
export interface SamplesFile {
  $comment: string;
  samples: Record<string, Sample>;
}

const COMMENT =
  "One sample request per operation for `keyapi-tiktok contract` (the live contract check). " +
  "`pnpm spec:update` adds one derived from the spec for each new operation and drops those of " +
  "removed ones; every other entry is kept as it is, so edit freely: `query`, `path`, `body`, " +
  "`note`, or `unusable` with the reason no request can be made.";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === "object" && !Array.isArray(v);

/** Reads the samples file, refusing an entry the contract check could not send, naming it. */
export function parseSamples(text: string, file: string): Record<string, Sample> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message})`);
  }
  if (!isRecord(json) || !isRecord(json.samples))
    throw new Error(`${file}: expected { "samples": { "<METHOD> <path>": {…} } }`);
  for (const [key, sample] of Object.entries(json.samples)) {
    const bad = (why: string) => new Error(`${file}: the sample of ${key} ${why}`);
    if (!/^[A-Z]+ \/\S*$/.test(key)) throw bad("is not keyed `<METHOD> <path>`");
    if (!isRecord(sample)) throw bad("is not an object");
    if ("unusable" in sample) {
      if (typeof sample.unusable !== "string" || Object.keys(sample).length !== 1)
        throw bad("with `unusable` must hold only that reason, as a string");
      continue;
    }
    for (const field of Object.keys(sample))
      if (!["query", "path", "body", "note"].includes(field))
        throw bad(`has an unknown field \`${field}\``);
    for (const field of ["query", "path"] as const)
      if (sample[field] !== undefined && !isRecord(sample[field]))
        throw bad(`\`${field}\` is not an object`);
  }
  return json.samples as Record<string, Sample>;
}

/** The file's text: stable (two-space JSON, the spec's operation order), for a clean diff. */
export const samplesText = (samples: Record<string, Sample>): string =>
  JSON.stringify({ $comment: COMMENT, samples } satisfies SamplesFile, null, 2) + "\n";
