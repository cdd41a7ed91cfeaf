/**
 * One line for the test: the plan read, then each URL's status and body or error, in order. A
 * URL written `POST <url>` is sent as a Request with a body; `close` closes the fetch there, and
 * `open` last leaves it open (the process must end by itself). `TUNNEL_TIMEOUT_MS` in the
 * environment is given as `tunnelTimeoutMs`.
 */
export async function report({ createProxyFetch, isProxyAuthRefusal }, [target, ...urls]) {
  let routing;
  const bound = process.env.TUNNEL_TIMEOUT_MS;
  try {
    routing = await createProxyFetch({
      target,
      ...(bound ? { tunnelTimeoutMs: Number(bound) } : {}),
    });
  } catch (error) {
    console.log(JSON.stringify({ thrown: error.name, message: error.message }));
    return;
  }
  const results = [];
  for (const url of urls) {
    if (url === "close") {
      await routing.close();
      continue;
    }
    if (url === "open") continue;
    try {
      const [, post, plain] = /^(POST )?(.*)$/.exec(url);
      const response = await routing.fetch(
        post ? new Request(plain, { method: "POST", body: "a body" }) : plain,
      );
      // The runtime's own classes, as from its fetch: openapi-fetch and others check them.
      const own = response instanceof Response && response.headers instanceof Headers;
      results.push(`${response.status} ${await response.text()}${own ? "" : " (not a Response)"}`);
    } catch (error) {
      const cause = error.cause ?? {};
      results.push(
        `${isProxyAuthRefusal(error) ? "refused " : ""}${cause.name ?? error.name}: ${cause.message ?? error.message}`,
      );
    }
  }
  if (urls.at(-1) !== "open") await routing.close();
  console.log(JSON.stringify({ plan: routing.plan?.description ?? null, results }));
}
