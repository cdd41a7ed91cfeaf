import { describe, expectTypeOf, it } from "vitest";
import type {
  ProductReview,
  ProductReviewsAnalyticsQuery,
  ProductReviewsAnalyticsResponse,
  paths,
} from "../src/index.js";

type ReviewsGet = paths["/v1/tiktok/product/reviews/analytics"]["get"];

describe("generated types", () => {
  it("require product_id, page_num and page_size on the reviews query", () => {
    expectTypeOf<ProductReviewsAnalyticsQuery>().toEqualTypeOf<{
      product_id: string;
      page_num: number;
      page_size: number;
    }>();
    // @ts-expect-error page_size is required
    const missing: ProductReviewsAnalyticsQuery = { product_id: "1", page_num: 1 };
    void missing;
  });

  it("type rating as a number and the item as the response's data element", () => {
    expectTypeOf<ProductReview["rating"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ProductReviewsAnalyticsResponse["data"]>().toEqualTypeOf<ProductReview[]>();
    // @ts-expect-error rating is not a string
    const bad: ProductReview = { rating: "5" };
    void bad;
  });

  it("make an unknown path an error", () => {
    // @ts-expect-error no such path in the spec
    type Unknown = paths["/v1/tiktok/product/reviews/unknown"];
    expectTypeOf<keyof paths>().toEqualTypeOf<"/v1/tiktok/product/reviews/analytics">();
  });

  it("type the error responses as the overlay's ErrorEnvelope, 403 included", () => {
    type Forbidden = ReviewsGet["responses"][403]["content"]["application/json"];
    expectTypeOf<Forbidden["data"]>().toEqualTypeOf<null>();
    expectTypeOf<Forbidden["requestId"]>().toEqualTypeOf<string | undefined>();
  });
});
