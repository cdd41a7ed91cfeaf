import { hash, NEWEST } from "./random.js";

const HOUR = 3_600_000;

/** A hex digit string of `n` digits from a hash of `parts`, for ids and uuids. */
const hex = (n: number, ...parts: (string | number)[]) =>
  Array.from({ length: n }, (_, k) => (hash(...parts, k) % 16).toString(16)).join("");

/** A day as `YYYY-MM-DD` that exists (no 30 February), as ajv-formats checks it. */
const realDay = (day: string) =>
  /^\d{4}-\d\d-\d\d$/.test(day) &&
  !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) &&
  new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;
const LABEL = /^[a-z\d]([a-z\d-]{0,61}[a-z\d])?$/i;
const hostname = (v: string) => v.length <= 253 && v.split(".").every((l) => LABEL.test(l));

/**
 * Each format a response is likely to carry: a value for it (`n` varies it from item to item),
 * valid as ajv-formats reads it, and whether a value already made (a name's guess, an echo) has
 * the format, to be kept. Formats not listed are taken as annotations (the generated validators
 * check none).
 */
const FORMATS: Record<string, { make: (n: number) => string; has: (v: string) => boolean }> = {
  "date-time": {
    make: (n) => new Date(NEWEST - n * HOUR).toISOString(),
    has: (v) => realDay(v.slice(0, 10)) && /^T/i.test(v.slice(10)) && TIME.test(v.slice(11)),
  },
  date: { make: (n) => new Date(NEWEST - n * 24 * HOUR).toISOString().slice(0, 10), has: realDay },
  time: { make: (n) => `${String(n % 24).padStart(2, "0")}:00:00Z`, has: (v) => TIME.test(v) },
  email: {
    make: (n) => `user${n}@example.com`,
    has: (v) => {
      const [local = "", domain = "", ...rest] = v.split("@");
      return (
        !rest.length &&
        /^[\w+-]+(\.[\w+-]+)*$/.test(local) &&
        hostname(domain) &&
        domain.includes(".")
      );
    },
  },
  uri: {
    make: (n) => `https://example.com/item/${n}`,
    has: (v) => /^https?:\/\/[\w.-]+\/[\w/.-]*$/.test(v),
  },
  url: {
    make: (n) => `https://example.com/item/${n}`,
    has: (v) => /^https?:\/\/[\w-]+(\.[\w-]+)+\/[\w/.-]*$/.test(v),
  },
  "uri-reference": { make: (n) => `/item/${n}`, has: (v) => /^\/[\w/.-]*$/.test(v) },
  hostname: { make: (n) => `host${n}.example.com`, has: hostname },
  ipv4: {
    make: (n) => `192.0.2.${n % 256}`,
    has: (v) =>
      /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(v),
  },
  ipv6: {
    make: (n) => `2001:db8::${(n % 65_536).toString(16)}`,
    has: (v) => /^2001:db8::[\da-f]{1,4}$/.test(v),
  },
  uuid: {
    make: (n) =>
      `${hex(8, n)}-${hex(4, n, "b")}-4${hex(3, n, "c")}-8${hex(3, n, "d")}-${hex(12, n)}`,
    has: (v) => /^[\da-f]{8}-[\da-f]{4}-[1-8][\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/i.test(v),
  },
  byte: {
    make: (n) => btoa(`item-${n}`),
    has: (v) => /^(?:[A-Za-z\d+/]{4})*(?:[A-Za-z\d+/]{2}==|[A-Za-z\d+/]{3}=)?$/.test(v),
  },
};
export const formatOf = (s: { format?: string }) =>
  s.format !== undefined && Object.hasOwn(FORMATS, s.format) ? FORMATS[s.format]! : undefined;
