// The constants of the ABI between host and guest, in one leaf that the checks (tasks/), the
// worker (sandbox/) and the build all read, so none of them can drift from the others.
export {
  allowedHostImports,
  allowedMemoryImport,
  envModule,
  hostModule,
  memoryImport,
} from "./host-imports.js";
export { sdkAbiVersion, sdkAllocExport, sdkMemoryExport, selfDescriptionSection } from "./sdk-exports.js";
