// The wasmflow guest SDK: what a task written in AssemblyScript uses to read its input, write its
// output and talk to the host. Typed tasks import it through the module the build generates next
// to their source; tasks handling dynamic data use Reader and Writer directly.
export { outputDescriptor, wasmflow_alloc } from "./abi";
export { Box, newArray } from "./box";
export { fail } from "./fail";
export { Kind, kindName, kindOf } from "./kind";
export { LogLevel, log, logAt, logDebug, logError, logWarn } from "./log";
export { ValuePath } from "./path";
export { Reader } from "./reader";
export { Writer } from "./writer";
