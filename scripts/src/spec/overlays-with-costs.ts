import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { listOverlays } from "./effective.js";

/**
 * The overlays a new spec is read with, in a folder of their own (`into`): ours by hand from
 * `handDir`, and the costs generated from the new pages (`costs`, the text of the file named
 * `costsName`) in place of the vendored spec's. Without new costs, the old ones are left out
 * too: a cost is never carried to a spec it was not stated for.
 */
export async function overlaysWithCosts(
  handDir: string,
  costsName: string,
  costs: string | undefined,
  into: string,
): Promise<string> {
  await mkdir(into, { recursive: true });
  for (const name of await listOverlays(handDir))
    if (name !== costsName) await copyFile(path.join(handDir, name), path.join(into, name));
  if (costs) await writeFile(path.join(into, costsName), costs);
  return into;
}
