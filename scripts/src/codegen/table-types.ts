// The types of the generated operation table: the generator writes this file's text into its
// output (which then stands alone for any spec: a temp folder of generated code typechecks by
// itself), and the generator's own code imports the same declarations, so there is one copy.
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
