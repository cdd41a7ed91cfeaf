/**
 * One process's share of `pnpm bench`'s loopback section (see bench/loopback.ts): runs the rounds
 * and prints each variant's times as JSON. Usage: `node loopback-rounds.js <requests> <rounds>`.
 */
import { loopbackRounds } from "../bench/loopback.js";

const [n, rounds] = process.argv.slice(2).map(Number);
if (!(n! > 0 && rounds! > 0)) {
  console.error("usage: loopback-rounds.js <requests per round> <rounds>");
  process.exit(2);
}
console.log(JSON.stringify(await loopbackRounds(n!, rounds!)));
