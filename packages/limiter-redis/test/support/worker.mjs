// One worker of a fleet sharing one API key: pages its product through the built client with the
// Redis limiter, then prints what it got as one JSON line. argv: baseUrl redisUrl key product
// concurrency [requestsPerSecond]
import { createKeyApiClient } from "@keyapi-tiktok/client";
import { createRedisRateLimiter } from "@keyapi-tiktok/limiter-redis";

const [baseUrl, redisUrl, key, product, concurrency, rps] = process.argv.slice(2);
const limiter = createRedisRateLimiter({
  url: redisUrl,
  key,
  ...(rps ? { requestsPerSecond: Number(rps) } : {}),
  logger: { warn: (message) => process.stderr.write(`${message}\n`) },
});
const client = createKeyApiClient({
  apiKey: "sk_test_fleet",
  baseUrl,
  rateLimit: limiter,
  maxRetries: 30,
  retry: { baseDelayMs: 100, maxDelayMs: 1_000 },
  retryBudget: false,
  logLevel: "off",
});
const start = Date.now();
const ids = [];
for await (const review of client.paginate("/v1/tiktok/product/reviews/analytics", {
  query: { product_id: product },
  concurrency: Number(concurrency),
}))
  ids.push(review.review_id);
const end = Date.now();
await limiter.close();
process.stdout.write(`${JSON.stringify({ product, ids, start, end })}\n`);
