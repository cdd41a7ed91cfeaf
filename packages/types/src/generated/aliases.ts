// This file is generated, do not edit. Run `pnpm generate` to refresh it.
// spec: spec/tiktok.openapi.json sha256 adc8a6258ce5fde207b09112e7b7011a44bccf7c269797c29428dcdd11fea128
// overlays: credits.generated.yaml, keyapi.overlay.yaml, contract-samples.json sha256 a48e48f57c74dafecd642ef3948c6df781d67d41d0b026bed4d3bb1957f92067

import type { paths } from "./schema.js";

/** Product Reviews (Analytics): query parameters of `GET /v1/tiktok/product/reviews/analytics`. */
export type ProductReviewsAnalyticsQuery =
  NonNullable<paths["/v1/tiktok/product/reviews/analytics"]["get"]["parameters"]["query"]>;

/** Product Reviews (Analytics): 200 response body of `GET /v1/tiktok/product/reviews/analytics`. */
export type ProductReviewsAnalyticsResponse =
  paths["/v1/tiktok/product/reviews/analytics"]["get"]["responses"]["200"]["content"]["application/json"];

/** Product Reviews (Analytics): one item of a page of `GET /v1/tiktok/product/reviews/analytics`. */
export type ProductReview =
  NonNullable<ProductReviewsAnalyticsResponse["data"]>[number];
