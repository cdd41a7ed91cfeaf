// This file is generated, do not edit. Run `pnpm generate` to refresh it.
// spec: spec/tiktok.openapi.json sha256 adc8a6258ce5fde207b09112e7b7011a44bccf7c269797c29428dcdd11fea128
// overlays: credits.generated.yaml, keyapi.overlay.yaml, contract-samples.json sha256 4a786014a56a403f92e63c3e4b5a1c12620ca35f1c093b1fa276ffae5f812b65

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
