/**
 * The query options ioredis reads right from a URL, and what each may be: `family` is the
 * suffix hosts document for their private networks (`?family=0`, `?family=6`), `tls` a profile.
 */
const QUERY_OPTIONS: Record<string, RegExp> = {
  db: /^\d+$/,
  family: /^[046]$/,
  tls: /^\w+$/,
  username: /^/,
  password: /^/,
};

/**
 * Why a Redis URL cannot be used as written, or undefined; never quotes it (it may hold a
 * password). ioredis reads a database that is no number (`/abc`) as `SELECT NaN`, whose refusal
 * it throws where nothing can catch it (the process ends), so does `?db=abc`; another query
 * option is handed on as a string (`connectTimeout=500` threw); a user or password with a broken
 * %-escape is a URIError at creation.
 */
export function redisUrlProblem(url: string): string | undefined {
  if (!/^rediss?:\/\/./i.test(url) || !URL.canParse(url))
    return "must be a redis:// or rediss:// URL";
  const { pathname, username, password, searchParams } = new URL(url);
  const db = searchParams.get("db");
  if (!/^\/?\d*$/.test(pathname) || (db !== null && !/^\d+$/.test(db)))
    return "must name its database by number, if at all (redis://host:6379/0)";
  // ioredis hands every other query value on as a string option (connectTimeout=500 threw).
  for (const [name, value] of searchParams)
    if (!Object.hasOwn(QUERY_OPTIONS, name) || !QUERY_OPTIONS[name]!.test(value))
      return `takes only db, family (0, 4 or 6), tls (a profile), username and password in its query, got ${name}`;
  try {
    decodeURIComponent(username);
    decodeURIComponent(password);
  } catch {
    return "has a user or password whose %-escapes are broken";
  }
  return undefined;
}
