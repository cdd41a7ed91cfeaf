export const KEY = "sk_test_S3CRET_never_in_output_1234";
export const REVIEWS = "/v1/tiktok/product/reviews/analytics" as const;
export const QUERY = { product_id: "1729471493154312768", page_num: 1, page_size: 10 };

/** Every text an error exposes: message, stack, JSON, and its cause's. */
export function everyTextOf(error: unknown): string {
  const e = error as Error & { cause?: unknown };
  const cause = e.cause as Error | undefined;
  return [
    String(e),
    e.message,
    e.stack,
    JSON.stringify(e),
    cause && String(cause),
    cause?.stack,
  ].join("\n");
}
