export { migrations } from "./migrations.js";
export type { SqliteDatabase, StoreOptions } from "./store.js";
export { databaseFileName, Store } from "./store.js";
export type { TaskRow } from "./task-records.js";
export { TaskRecords } from "./task-records.js";
