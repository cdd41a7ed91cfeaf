// This file is generated, do not edit. Run `pnpm generate` to refresh it.
// spec: spec/tiktok.openapi.json sha256 adc8a6258ce5fde207b09112e7b7011a44bccf7c269797c29428dcdd11fea128
// overlays: credits.generated.yaml, keyapi.overlay.yaml, contract-samples.json sha256 4a786014a56a403f92e63c3e4b5a1c12620ca35f1c093b1fa276ffae5f812b65

export interface paths {
    "/v1/tiktok/product/reviews/analytics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Product Reviews (Analytics)
         * @description Retrieve aggregated customer reviews for a TikTok Shop product from the analytics dataset, with historical review data and rating distributions.
         */
        get: operations["get_api_v3_echotik_product_comment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description The envelope of every failed request. `code` mirrors the HTTP status, or carries the error when the HTTP status is 200. */
        ErrorEnvelope: {
            /** @description Non-zero on error (400, 401, 402, 403, 429, 500 ...). */
            code: number;
            /** @description The vendor's human-readable reason, e.g. `qps limit exceeded`. */
            message: string;
            /**
             * @description Always null on error.
             * @enum {object|null}
             */
            data: never | null;
            /** @description The vendor's request id, for support tickets. */
            requestId?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    get_api_v3_echotik_product_comment: {
        parameters: {
            query: {
                /** @description Product unique ID */
                product_id: string;
                /** @description Page numbers start from 1 and go up to a maximum of 100,000. */
                page_num: number;
                /** @description The maximum number of pages is 10. */
                page_size: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        code: number;
                        message: string;
                        data: {
                            /** Comment content */
                            display_text?: string;
                            product_id?: string;
                            rating?: number;
                            review_id?: string;
                            review_timestamp?: number;
                            sku_id?: string;
                            sku_specification?: string;
                        }[];
                        requestId: string;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 400,
                     *       "data": null,
                     *       "message": "Missing required parameter: product_id"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 401,
                     *       "data": null,
                     *       "message": "apiKey is null"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Payment Required */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 402,
                     *       "data": null,
                     *       "message": "apiKey quota is not enough"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Forbidden (the API key is not allowed on this endpoint) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 403,
                     *       "data": null,
                     *       "message": "Forbidden"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Too Many Requests */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 429,
                     *       "data": null,
                     *       "message": "qps limit exceeded"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "code": 500,
                     *       "data": null,
                     *       "message": "Internal server error"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
        };
    };
}
