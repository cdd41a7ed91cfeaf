import { operationKey } from "../../../packages/types/src/spec-paths.js";
import { emitAliases } from "./emit-aliases.js";
import { emitOperations } from "./emit-operations.js";
import { emitSchema } from "./emit-schema.js";
import { emitValidators } from "./emit-validators.js";
import { header, type Provenance } from "./header.js";
import { assignNames } from "./names.js";
import { listOperations, type Json } from "./openapi-model.js";
import { unpagedReason } from "./pagination.js";
import { sourceSafe } from "../printable.js";

export interface GenerateOptions extends Provenance {
  spec: Json;
  /** Stripped from paths before names are derived (`/v1/tiktok/`). */
  pathPrefix: string;
  /** Also emit Ajv standalone response validators and the effective spec as JSON. */
  runtimeExtras?: boolean;
  /**
   * Told what could not be generated as asked (a schema Ajv cannot take, a recursive `$ref`),
   * each naming the operation and the keyword; generation goes on.
   */
  onWarning?: (message: string) => void;
}

const INDEX = `export type * from "./schema.js";
export type * from "./aliases.js";
export * from "./operations.js";
`;

/** Turns an effective spec into the generated files, keyed by file name. Pure: no I/O. */
export async function generate(options: GenerateOptions): Promise<Map<string, string>> {
  const ops = listOperations(options.spec);
  const names = assignNames(ops, options.pathPrefix);
  const entries = ops.map((op, i) => ({ op, name: names[i]! }));
  // An operation that looks paged but matches no style is said, never guessed at.
  for (const op of ops) {
    const why = unpagedReason(options.spec, op);
    if (why) options.onWarning?.(`${operationKey(op.method, op.path)}: not paged: ${why}`);
  }
  const sources: Record<string, string> = {
    "schema.ts": await emitSchema(options.spec),
    "aliases.ts": emitAliases(options.spec, entries),
    "operations.ts": emitOperations(options.spec, entries),
    "index.ts": INDEX,
  };
  checkExports(sources);
  if (options.runtimeExtras) {
    sources["validators.ts"] = emitValidators(options.spec, entries, options.onWarning);
  }
  const top = header(options);
  const files = new Map<string, string>();
  // Emitters lay out their own code (schema.ts by the TypeScript printer): running prettier
  // here doubled the generator's time on large specs for no change in meaning.
  for (const [name, source] of Object.entries(sources)) {
    files.set(name, sourceSafe(`${top}\n${source.trimStart()}`));
  }
  // For the mock server and contract tests: the spec they serve, exactly as the types saw it.
  if (options.runtimeExtras) {
    files.set("effective-spec.json", sourceSafe(JSON.stringify(options.spec, null, 2) + "\n"));
  }
  return files;
}

const EXPORT =
  /^export (?:declare )?(?:type|interface|const|function|class|enum) ([A-Za-z_$][\w$]*)/gm;

/**
 * Refuses a name two of the files `index.ts` re-exports would both export: TypeScript then fails
 * the package's build far from the cause (an `x-sdk-item-name` of `ParamSpec`, or one equal to
 * another alias). Named here, with what gives it.
 */
function checkExports(sources: Record<string, string>): void {
  const from = new Map<string, string>();
  for (const file of ["schema.ts", "aliases.ts", "operations.ts"])
    for (const [, name] of sources[file]!.matchAll(EXPORT)) {
      const other = from.get(name!);
      if (other)
        throw new Error(
          `the generated type \`${name}\` is exported twice (${other === file ? file : `${other} and ${file}`}): rename the x-sdk-name or x-sdk-item-name that gives it`,
        );
      from.set(name!, file);
    }
}
