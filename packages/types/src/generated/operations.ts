// This file is generated, do not edit. Run `pnpm generate` to refresh it.
// spec: spec/tiktok.openapi.json sha256 adc8a6258ce5fde207b09112e7b7011a44bccf7c269797c29428dcdd11fea128
// overlays: credits.generated.yaml, keyapi.overlay.yaml, contract-samples.json sha256 4a786014a56a403f92e63c3e4b5a1c12620ca35f1c093b1fa276ffae5f812b65

/** A parameter's compiled check: "" when the value is valid, else what is wrong with it. */
export type ParamCheck = (value: any) => string;

/** A parameter as the client checks it before a request is sent. */
export interface ParamSpec {
  readonly name: string;
  /** `body`: a field of the JSON request body. */
  readonly in: "query" | "path" | "header" | "cookie" | "body";
  readonly required: boolean;
  /** A field of an optional body: required only when a body is sent. */
  readonly whenSent?: true;
  /** The whole JSON body, one that is not an object (always named `body`). */
  readonly whole?: true;
  readonly schema: SchemaSpec;
  /** `schema` compiled by the generator: what the client and the mock run. */
  readonly check: ParamCheck;
}

/** The subset of a parameter's JSON Schema that is checked at run time. */
export interface SchemaSpec {
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number | boolean;
  readonly exclusiveMaximum?: number | boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly nullable?: boolean;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly items?: SchemaSpec;
}

/** What every walk knows, whatever its style. */
export interface WalkSpec {
  /** Dotted path in the envelope to the page's items: `data` or `data.list`. */
  readonly itemsPath: string;
  /** Where this came from: the overlay, or the convention. */
  readonly source: "overlay" | "convention";
  /** The item property that identifies an item (`x-sdk-item-id`): a walk yields each id once. */
  readonly itemId: string | null;
}

/** Numbered pages (the vendor's `page_num`/`page_size`): any page can be asked for at once. */
export interface PagePaginationSpec extends WalkSpec {
  /** Pages by number. */
  readonly style: "page";
  /** The page-number parameter (`page_num`). */
  readonly pageParam: string;
  /** The page-size parameter (`page_size`). */
  readonly sizeParam: string;
  /** The first page's number (the page parameter's minimum, else 1). */
  readonly firstPage: number;
  /** The schema's maximum for the page size, else the documented default (10). */
  readonly maxPageSize: number;
  /** The last page that can be asked for (the page parameter's maximum, else 100,000). */
  readonly maxPage: number;
}

/** An offset or cursor each response hands back for the next request: pages one after another. */
export interface CursorPaginationSpec extends WalkSpec {
  /** Pages by a position each response hands back. */
  readonly style: "cursor";
  /** The query parameter that takes the position (`offset`, `cursor`). */
  readonly cursorParam: string;
  /** The first page's position when the caller gives none; null omits the parameter. */
  readonly firstCursor: string | number | null;
  /** Dotted path in the envelope to the next position (`data.next_offset`). */
  readonly nextPath: string;
  /** Dotted path to the flag that more pages follow (`data.has_more`), if the response has one. */
  readonly hasMorePath: string | null;
  /** The page-size parameter, when the operation takes one. */
  readonly sizeParam: string | null;
  /** The page size sent when the caller gives none. */
  readonly maxPageSize: number;
}

/**
 * How to walk pages of an operation: stated by the overlay's `x-pagination`, or found by
 * convention (the vendor's page pair, or a cursor the response hands back).
 */
export type PaginationSpec = PagePaginationSpec | CursorPaginationSpec;

export interface OperationSpec {
  /** The friendly name the type aliases use. */
  readonly name: string;
  readonly operationId?: string;
  readonly params: readonly ParamSpec[];
  readonly pagination: PaginationSpec | null;
  /** `x-keyapi-credits`: credits one successful request costs, when known. */
  readonly credits: number | null;
}

/** A parameter in the client's table: where, name, required, compiled check. */
export interface ClientParam {
  readonly in: ParamSpec["in"];
  readonly name: string;
  readonly required: boolean;
  /** A field of an optional body: required only when a body is sent. */
  readonly whenSent?: true;
  /** The whole JSON body, one that is not an object (always named `body`). */
  readonly whole?: true;
  readonly check: ParamCheck;
}

/** The slice of an operation the client reads at run time (see `clientTable`). */
export interface ClientOperation {
  /** `x-keyapi-credits`, when known (the client then assumes 1). */
  readonly credits: number | null;
  /** The pagination without what only tools read. */
  readonly pagination:
    Omit<PagePaginationSpec, "source"> | Omit<CursorPaginationSpec, "source"> | null;
  /** Every parameter, with its compiled check. */
  readonly params: readonly ClientParam[];
}

const c0: ParamCheck = (v) => !(typeof v == "string") ? "expected string" : "";
const c1: ParamCheck = (v) => !(Number.isInteger(v)) ? "expected integer" : v < 1 ? "must be ≥ 1" : v > 100000 ? "must be ≤ 100000" : "";
const c2: ParamCheck = (v) => !(Number.isInteger(v)) ? "expected integer" : v < 1 ? "must be ≥ 1" : v > 10 ? "must be ≤ 10" : "";

/** Every operation of the effective spec. */
export const operationTable = {
  "/v1/tiktok/product/reviews/analytics": {
    "get": {
      "name": "ProductReviewsAnalytics",
      "operationId": "get_api_v3_echotik_product_comment",
      "params": [
        {
          "name": "product_id",
          "in": "query",
          "required": true,
          "schema": {
            "type": "string"
          },
          "check": c0
        },
        {
          "name": "page_num",
          "in": "query",
          "required": true,
          "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": 100000
          },
          "check": c1
        },
        {
          "name": "page_size",
          "in": "query",
          "required": true,
          "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": 10
          },
          "check": c2
        }
      ],
      "pagination": {
        "style": "page",
        "pageParam": "page_num",
        "sizeParam": "page_size",
        "firstPage": 1,
        "maxPageSize": 10,
        "maxPage": 100000,
        "itemsPath": "data",
        "source": "overlay",
        "itemId": "review_id"
      },
      "credits": 1
    }
  }
} as const satisfies Record<
  string,
  Partial<Record<string, OperationSpec>>
>;

export type OperationTable = typeof operationTable;

/** What the client reads at run time, keyed `"<METHOD> <path>"`: small enough to bundle. */
export const clientTable: Readonly<Record<string, ClientOperation>> = {
  "GET /v1/tiktok/product/reviews/analytics": {
    "credits": 1,
    "pagination": {
      "style": "page",
      "pageParam": "page_num",
      "sizeParam": "page_size",
      "firstPage": 1,
      "maxPageSize": 10,
      "maxPage": 100000,
      "itemsPath": "data",
      "itemId": "review_id"
    },
    "params": [
      {
        "in": "query",
        "name": "product_id",
        "required": true,
        "check": c0
      },
      {
        "in": "query",
        "name": "page_num",
        "required": true,
        "check": c1
      },
      {
        "in": "query",
        "name": "page_size",
        "required": true,
        "check": c2
      }
    ]
  }
};
