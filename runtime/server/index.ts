export { maxJsonBodyBytes } from "./app.js";
export type { ErrorBody } from "./http-errors.js";
export { statusOf } from "./http-errors.js";
export type { RunningServer, ServerOptions } from "./start-server.js";
export { startServer } from "./start-server.js";
