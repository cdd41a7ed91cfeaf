import { BlockList, isIP } from "node:net";
import { bareHost, familyOf } from "./host.js";

// Addresses that reach this machine, however they are spelled: the WHATWG URL parser already
// turns `127.1`, `0x7f.1` and `2130706433` into `127.0.0.1`, but not these.
const LOCAL = new BlockList();
LOCAL.addSubnet("127.0.0.0", 8, "ipv4");
LOCAL.addAddress("0.0.0.0", "ipv4"); // "this host": a connection to it reaches loopback on Linux
LOCAL.addAddress("::1", "ipv6");
LOCAL.addAddress("::", "ipv6");
LOCAL.addSubnet("::ffff:127.0.0.0", 104, "ipv6"); // IPv4-mapped 127/8
LOCAL.addAddress("::ffff:0.0.0.0", "ipv6");

/**
 * Whether a URL's hostname is this machine (a mock, a local server): never through a proxy,
 * which cannot reach it and must not see what is sent to it. `localhost` and every name under
 * it (RFC 6761), a trailing dot or not; 127.0.0.0/8, `::1`, `0.0.0.0`, `::` and the IPv4-mapped
 * forms of them, in any spelling.
 */
export function isLoopback(hostname: string): boolean {
  const host = bareHost(hostname);
  if (isIP(host)) return LOCAL.check(host, familyOf(host));
  return host === "localhost" || host.endsWith(".localhost");
}
