import { oneLine } from "../output/terminal-text.js";
import { nestedDeeperThan } from "./nesting.js";

// A record the exports cannot write is named on stderr and left out; the pull goes on. One rule
// for the single pull and the pull of many entities.

/**
 * How deep the exports go. JSON.stringify recurses and throws "Maximum call stack size
 * exceeded" somewhere past a few thousand levels (10 KB of `{"a":` does it); no review or
 * product is nested a hundred levels deep, so a record past this is refused by name instead.
 */
const MAX_RECORD_DEPTH = 256;

/**
 * The record's id for a message: its first `*_id` or `id` field that is a short string or number
 * and not already said by `where` (a pull of many names the entity there: `product_id 7`).
 */
function idOf(record: unknown, where: string): string | undefined {
  if (!record || typeof record !== "object") return undefined;
  for (const [key, value] of Object.entries(record)) {
    if (!/(^|_)id$/.test(key) || (typeof value !== "string" && typeof value !== "number")) continue;
    const id = oneLine(`${key} ${String(value).slice(0, 64)}`);
    if (!where.startsWith(`${id},`)) return id;
  }
  return undefined;
}

/**
 * Why a record cannot be written, or undefined when it can. Only an object has fields: one that
 * must carry its entity (a pull of many entities) or fill columns (CSV, a table) cannot be
 * `null`, a number or a list from a broken page, which were written as rows of empty cells.
 * `needsFields` says why it must have them.
 */
function unwritable(record: unknown, needsFields: string | undefined): string | undefined {
  if (needsFields && (record === null || typeof record !== "object" || Array.isArray(record)))
    return `not an object, so it ${needsFields}`;
  if (nestedDeeperThan(record, MAX_RECORD_DEPTH))
    return `nested deeper than ${MAX_RECORD_DEPTH} levels`;
  return undefined;
}

/**
 * Whether to leave the record out: if so, says so in one line naming where it was (`page 3`,
 * `product_id 123, page 3`) and its id.
 */
export function leftOut(record: unknown, where: string, needsFields?: string): boolean {
  const why = unwritable(record, needsFields);
  if (!why) return false;
  const id = idOf(record, where);
  process.stderr.write(`left out a record of ${where}${id ? ` (${id})` : ""}: ${why}\n`);
  return true;
}
