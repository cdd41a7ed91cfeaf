import { describe, expectTypeOf, it } from "vitest";
import type { ProductReview } from "@keyapi-tiktok/types";
import { createKeyApiClient, type PaginatedPath } from "../src/index.js";

const client = createKeyApiClient({ apiKey: "sk_test_x" });
const REVIEWS = "/v1/tiktok/product/reviews/analytics";

describe("client types", () => {
  it("get resolves to the envelope's data, typed from the spec", () => {
    expectTypeOf(
      client.get(REVIEWS, { query: { product_id: "1", page_num: 1, page_size: 10 } }),
    ).resolves.toEqualTypeOf<ProductReview[]>();
    // @ts-expect-error page_size is required by the spec
    void client.get(REVIEWS, { query: { product_id: "1", page_num: 1 } });
    // @ts-expect-error not a path of the spec
    void client.get("/v1/tiktok/nope", { query: {} });
  });

  it("paginate yields items and makes page parameters optional", () => {
    const items = client.paginate(REVIEWS, { query: { product_id: "1" }, limit: 5 });
    expectTypeOf(items).toMatchTypeOf<AsyncIterable<ProductReview>>();
    expectTypeOf<typeof REVIEWS>().toMatchTypeOf<PaginatedPath>();
    // @ts-expect-error only paged operations can be paginated
    void client.paginate("/v1/tiktok/user/info", { query: {} });
  });

  it("keeps openapi-fetch's typed call style", () => {
    expectTypeOf(
      client.GET(REVIEWS, { params: { query: { product_id: "1", page_num: 1, page_size: 10 } } }),
    )
      .resolves.toHaveProperty("data")
      .toEqualTypeOf<
        { code: number; message: string; data: ProductReview[]; requestId: string } | undefined
      >();
  });
});
