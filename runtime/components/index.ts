export type {
  ComponentArguments,
  ComponentBinding,
  ComponentResult,
  ComponentTaskSignature,
} from "./binding.js";
export { bindingsAsFunctionBody, bindingsShapeProblem } from "./bindings-source.js";
export { type ComponentCheck, type ComponentCheckOptions, checkComponent } from "./check-component.js";
export { checkComponentImports, importAllowed } from "./check-imports.js";
export { checkComponentSignature, type SignatureCheck } from "./check-signature.js";
export { compareTypes } from "./compare-types.js";
export { camelOf, fieldNameMatches, jcoExportPath, jcoFieldKey, kebabOf } from "./component-names.js";
export { type EmbeddedCoreModule, embeddedCoreModules } from "./core-modules.js";
export { fromJcoValue, toJcoValue } from "./jco-values.js";
export {
  forgetTranspiledComponents,
  transpileCacheKey,
  transpiledComponent,
  useComponentCacheFolder,
} from "./transpile-cache.js";
export {
  ComponentTranspileError,
  jcoTranspileVersion,
  type TranspiledComponent,
  transpileComponent,
  transpileOptions,
} from "./transpile-component.js";
export { type Mapped, witToValueType } from "./wit-to-value-type.js";
