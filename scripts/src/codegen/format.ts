import { format } from "prettier";

/**
 * Generated files are formatted here, with fixed options, and kept out of the repo's
 * prettier run: formatting them in two places is how drift checks start flapping.
 */
export const GENERATED_PRETTIER_OPTIONS = { parser: "typescript", printWidth: 100 } as const;

export function formatTs(source: string): Promise<string> {
  return format(source, GENERATED_PRETTIER_OPTIONS);
}
