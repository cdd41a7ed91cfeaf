// This file is generated, do not edit. Run `pnpm generate` to refresh it.
// spec: spec/tiktok.openapi.json sha256 adc8a6258ce5fde207b09112e7b7011a44bccf7c269797c29428dcdd11fea128
// overlays: keyapi.overlay.yaml sha256 aa3333dc9283908baed3ff49d8a5a71ae269f06295a6de8ebf611b0429b10d15

/** A parameter as the client checks it before a request is sent. */
export interface ParamSpec {
  readonly name: string;
  readonly in: "query" | "path" | "header" | "cookie";
  readonly required: boolean;
  readonly schema: SchemaSpec;
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

/** `x-pagination` from the overlay: how to walk pages of an operation. */
export interface PaginationSpec {
  readonly style: "page";
  readonly pageParam: string;
  readonly sizeParam: string;
  readonly firstPage: number;
  readonly maxPageSize: number;
  readonly maxPage: number;
  /** Property of the response envelope holding the page's items. */
  readonly itemsPath: string;
}

export interface OperationSpec {
  /** The friendly name the type aliases use. */
  readonly name: string;
  readonly operationId?: string;
  readonly params: readonly ParamSpec[];
  readonly pagination: PaginationSpec | null;
  /** `x-keyapi-credits`: credits one successful request costs, when known. */
  readonly credits: number | null;
}

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
          }
        },
        {
          "name": "page_num",
          "in": "query",
          "required": true,
          "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": 100000
          }
        },
        {
          "name": "page_size",
          "in": "query",
          "required": true,
          "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": 10
          }
        }
      ],
      "pagination": {
        "style": "page",
        "pageParam": "page_num",
        "sizeParam": "page_size",
        "firstPage": 1,
        "maxPageSize": 10,
        "maxPage": 100000,
        "itemsPath": "data"
      },
      "credits": 1
    }
  }
} as const satisfies Record<
  string,
  Partial<Record<string, OperationSpec>>
>;

export type OperationTable = typeof operationTable;
