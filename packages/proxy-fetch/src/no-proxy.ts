import { BlockList, isIP } from "node:net";
import { bareHost, familyOf } from "./host.js";

// NO_PROXY as curl (and Go, and Python's requests) read it, which undici does not: a name goes
// direct with every name under it (`keyapi.ai` covers `api.keyapi.ai`; undici took it as that
// one host alone), and an address range in CIDR (`10.0.0.0/8`, the usual corporate entry) is an
// address range (undici ignores it). Names are never resolved to match an address, as in curl.

/** Whether a request to `url` goes direct. */
export type NoProxyRule = (url: URL) => boolean;

const DEFAULT_PORT: Record<string, string> = { "https:": "443", "http:": "80" };

/** An entry's host and port: `host:443`, `[::1]:8080`; a bare IPv6 address has no port. */
function split(entry: string): { host: string; port?: string } {
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] };
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  return withPort ? { host: withPort[1]!, port: withPort[2] } : { host: entry };
}

/**
 * A name as a URL's hostname spells it (`bücher.example` → `xn--bcher-kva.example`, `10.1` →
 * `10.0.0.1`), so an entry matches the URL it names; empty when it is no host at all.
 */
function spelled(name: string): string {
  const written = `http://${name}/`;
  return URL.canParse(written) ? bareHost(new URL(written).hostname) : "";
}

/**
 * The rule a `NO_PROXY` value states. Entries are split on commas and spaces, matched without
 * case; `*` alone sends everything direct. An entry is a name (`corp.example`, `.corp.example`
 * and `*.corp.example` alike: the name and every name under it), an address (`10.1.2.3`,
 * `::1`, `[::1]`), a range (`10.0.0.0/8`, `fd00::/8`), any of them but a range with `:port`
 * (then that port alone). An entry that is none of these is ignored, as curl ignores it.
 */
export function noProxyRule(value: string): NoProxyRule {
  const entries = value
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  if (entries.includes("*")) return () => true;
  const ranges = new BlockList();
  const names: { name: string; port?: string }[] = [];
  const addresses: { list: BlockList; port?: string }[] = [];
  for (const entry of entries) {
    const cidr = /^\[?([^\]/]+)\]?\/(\d{1,3})$/.exec(entry);
    if (cidr) {
      const [, address, bits] = cidr as unknown as [string, string, string];
      const max = isIP(address) === 4 ? 32 : isIP(address) === 6 ? 128 : -1;
      if (Number(bits) <= max) ranges.addSubnet(address, Number(bits), familyOf(address));
      continue;
    }
    const { host: written, port: given } = split(entry);
    const port = given === undefined ? undefined : String(Number(given)); // `0443` is 443
    const host = isIP(written) ? written : spelled(written.replace(/^\*?\./, ""));
    if (isIP(host)) {
      // A BlockList compares addresses, not their spelling (`::0:1` is `::1`).
      const list = new BlockList();
      list.addAddress(host, familyOf(host));
      addresses.push({ list, port });
    } else if (host) names.push({ name: host, port });
  }
  return (url) => {
    const host = bareHost(url.hostname);
    const port = url.port || DEFAULT_PORT[url.protocol] || "";
    const portOk = (wanted?: string) => wanted === undefined || wanted === port;
    if (isIP(host)) {
      const type = familyOf(host);
      return (
        ranges.check(host, type) ||
        addresses.some((a) => portOk(a.port) && a.list.check(host, type))
      );
    }
    return names.some((n) => portOk(n.port) && (host === n.name || host.endsWith(`.${n.name}`)));
  };
}
