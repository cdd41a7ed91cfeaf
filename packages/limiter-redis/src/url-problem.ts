/**
 * Why a Redis URL cannot be used as written, or undefined; never quotes it (it may hold a
 * password). ioredis reads a database that is no number (`/abc`) as `SELECT NaN`, whose refusal
 * it throws where nothing can catch it (the process ends), and a user or password with a broken
 * %-escape as a URIError at creation.
 */
export function redisUrlProblem(url: string): string | undefined {
  if (!/^rediss?:\/\/./i.test(url) || !URL.canParse(url))
    return "must be a redis:// or rediss:// URL";
  const { pathname, username, password } = new URL(url);
  if (!/^\/?\d*$/.test(pathname))
    return "must name its database by number, if at all (redis://host:6379/0)";
  try {
    decodeURIComponent(username);
    decodeURIComponent(password);
  } catch {
    return "has a user or password whose %-escapes are broken";
  }
  return undefined;
}
