import { isIP } from "node:net";

/** `[::1]` → `::1`; `Api.Example.` → `api.example` (a trailing dot names the same host). */
export const bareHost = (host: string): string =>
  host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");

/** An address's family as `BlockList` names it. */
export const familyOf = (address: string): "ipv4" | "ipv6" =>
  isIP(address) === 6 ? "ipv6" : "ipv4";
