/** Version of the sdk ABI this runtime speaks; a module declares its own in its self-description. */
export const sdkAbiVersion = 1;
/** Name of the custom section carrying an sdk module's self-description. */
export const selfDescriptionSection = "wasmflow.abi";
/** The guest SDK's allocator, through which the host writes a call's input into guest memory. */
export const sdkAllocExport = "wasmflow_alloc";
/** The memory an sdk module exports, through which input and output pass. */
export const sdkMemoryExport = "memory";
