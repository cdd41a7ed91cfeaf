/** One line for the test: the plan read, then each URL's status or error, in order. */
export async function report({ createProxyFetch, isProxyAuthRefusal }, [target, ...urls]) {
  let routing;
  try {
    routing = await createProxyFetch({ target });
  } catch (error) {
    console.log(JSON.stringify({ thrown: error.name, message: error.message }));
    return;
  }
  const results = [];
  for (const url of urls) {
    try {
      const response = await routing.fetch(url);
      results.push(`${response.status} ${await response.text()}`);
    } catch (error) {
      const cause = error.cause ?? {};
      results.push(
        `${isProxyAuthRefusal(error) ? "refused " : ""}${cause.name ?? error.name}: ${cause.message ?? error.message}`,
      );
    }
  }
  await routing.close();
  console.log(JSON.stringify({ plan: routing.plan?.description ?? null, results }));
}
