export { CckmClient, clientFor, resetClients } from "./client";
export type { RequestOptions, RetryMode } from "./client";
export { CckmApiError, CckmConfigError, CckmNetworkError, isApiError, parseErrorBody } from "./errors";
export * from "./retry";
export * from "./settings";
export { realClock, TokenManager, jwtLifetimeSeconds, renewalMarginSeconds } from "./tokens";
export type { Clock } from "./tokens";
export { createTransport, encodeQuery } from "./transport";
export type { HttpRequest, HttpResponse, Query, Transport } from "./transport";
