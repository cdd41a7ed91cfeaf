import { closeSync, openSync, statSync } from "node:fs";
import { isatty } from "node:tty";
import { AuthenticationError, createKeyApiClient } from "@keyapi-tiktok/client";
import { UsageError } from "./exit-codes.js";
import { holdsKey, keyShaped, MAX_KEY_FILE_BYTES, rememberKey } from "./output/key-shaped.js";
import { readCapped, readProblem, TooLarge } from "./input/read-capped.js";

/**
 * The key this run sends: `--api-key-file`'s, else `KEYAPI_API_KEY`'s, trimmed; undefined with
 * `--mock` (the mock has its own). Refused here, with one line and before an output is opened or
 * a signal is watched: a FIFO that nothing writes to (`mkfifo`, a `pass` that waits for a
 * passphrase) then ends at Ctrl-C like any other wait, and `/dev/zero` is refused at 4 kB instead
 * of filling memory. The library lets a key-less client call a proxy that adds the key; the CLI
 * always wants one (the analyst's own).
 */
export async function apiKeyOf(g: { apiKeyFile?: string; mock?: boolean }) {
  if (g.mock) return undefined;
  const key = g.apiKeyFile === undefined ? process.env.KEYAPI_API_KEY : await keyFile(g.apiKeyFile);
  rememberKey(key);
  if (!key?.trim())
    throw new AuthenticationError("No API key", { attempts: 0, reason: "no-api-key" });
  // A key no header can carry (two lines of a `pass show`) is the client's to refuse, in words
  // that quote none of it; asked now, it is said before an output is opened.
  createKeyApiClient({ apiKey: key });
  return key.trim();
}

/** `--api-key-file` as a file the run reads, for the checks that keep it apart from the others. */
export const keyInput = (g: { apiKeyFile?: string }) => ({
  file: g.apiKeyFile,
  flag: "--api-key-file",
  what: "the key",
});

const WAITING = "keyapi-tiktok: waiting for the key from --api-key-file (Ctrl-C stops)\n";
const WAITING_AFTER_MS = 2_000;

/**
 * The key in `file`. No message names the file: a key pasted where its path goes
 * (`--api-key-file sk_live_…`) is no such file, and "cannot read --api-key-file sk_live_…" would
 * have put it in the terminal, the CI log and `contract`'s reports.
 */
async function keyFile(file: string): Promise<string> {
  // Typed at a terminal, the key would be echoed on the screen and kept in its scrollback.
  if (atTerminal(file))
    throw new UsageError(
      `--api-key-file ${file === "-" ? "-: standard input is" : "is"} a terminal; pipe the key in (pass show keyapi | keyapi-tiktok --api-key-file - …)`,
    );
  // A pipe or FIFO whose writer has not written yet (`pass` waiting for its passphrase, a FIFO
  // nobody feeds) is waited for: said on a terminal after a moment, so the wait is not taken for
  // a hang.
  const waiting = process.stderr.isTTY
    ? setTimeout(() => process.stderr.write(WAITING), WAITING_AFTER_MS)
    : undefined;
  let text: string;
  try {
    text = (await readCapped(file, MAX_KEY_FILE_BYTES)).toString("utf8");
  } catch (e) {
    if (e instanceof TooLarge)
      throw new UsageError(`--api-key-file is over ${MAX_KEY_FILE_BYTES} bytes: not a key`);
    throw new UsageError(`cannot read --api-key-file: ${readProblem(e)}`);
  } finally {
    clearTimeout(waiting);
  }
  if (!text.trim()) throw new UsageError("--api-key-file is empty");
  return text;
}

/**
 * Whether `file` is a terminal: `-` with a terminal for standard input, and any other name of
 * one (`/dev/stdin`, `/dev/tty`, `/dev/fd/0`). Only a character device is opened to ask: opening
 * a FIFO would wait for its writer.
 */
function atTerminal(file: string): boolean {
  if (file === "-") return Boolean(process.stdin.isTTY);
  try {
    if (!statSync(file).isCharacterDevice()) return false;
    const fd = openSync(file, "r");
    try {
      return isatty(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false; // unreadable: the read says why
  }
}

/** What a pull is about to send as data: its parameters, its body, the ids it walks. */
export interface SentData {
  params: Record<string, unknown>;
  body?: unknown;
  each?: { name: string; ids: readonly string[] };
}

/**
 * Refuses data that holds the key, before anything is sent or opened: a copy of the key file
 * given as the ids, the key pasted where a product id goes. Sent, it would reach the API in a URL
 * (and its logs) and come back in errors, `FILE.failed` and the output. Held anywhere in a value,
 * in any case: `"KEY"`, `KEY,1` and ` KEY ` from a spreadsheet's column are the key too; and a
 * real run (one with a key) sends no other key either. Named by where it is, never quoted.
 */
export function refuseKeyAsData(key: string | undefined, data: SentData): void {
  if (!key) return;
  const ours = holdsKey(key); // made once, not once per id of a million
  // Another key (a colleague's `sk_live_…` pasted as an id) is no id either.
  const held = (text: string) =>
    ours(text) ? "the API key" : keyShaped(text) ? "an API key (sk_live_…)" : undefined;
  const refuse = (where: string, text: string) => {
    const what = held(text);
    if (what) throw new UsageError(`${where} holds ${what}: it is not sent as data`);
  };
  for (const [name, value] of Object.entries(data.params)) refuse(name, String(value));
  if (data.body !== undefined) refuse("--body", JSON.stringify(data.body));
  for (const id of data.each?.ids ?? []) refuse(`an id of the list for ${data.each!.name}`, id);
}
