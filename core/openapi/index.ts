/**
 * @module core/openapi
 * OpenAPI 3.1 export of the learned inventory and import of an OpenAPI 3.x
 * document as a starting allow-list.
 */
export { type OpenApiInfo, toOpenApi } from "./export.ts";
export { fromOpenApi } from "./import.ts";
