export {
  type ComponentTaskCode,
  type ComponentTaskCodeOptions,
  generateComponentTaskCode,
} from "./component-task-code.js";
export { type ComponentWit, type ComponentWitOptions, generateComponentWit } from "./generate-wit.js";
export { type ExportPlace, exportPlace } from "./wit-names.js";
export { type WrapOutcome, wrapComponent } from "./wrap-component.js";
