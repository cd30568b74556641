// `pulumi-cckm/runtime` (dist/provider/runtime/index.js) is a contract with every deployed stack of the dynamic
// front end: its serialized providers `require` it by this name and call these seven functions. The code is in
// ../dynamic/runtime.ts. Each name is a plain property of this module's exports, as it was when the functions lived
// here: `export *` compiles to getters, which the SDK's dynamic provider host fails on when it loads a provider
// stored by an earlier version ("Cannot set property read of #<Object> which has only a getter").
import * as runtime from "../dynamic/runtime";

export const configure = runtime.configure;
export const check = runtime.check;
export const diff = runtime.diff;
export const create = runtime.create;
export const read = runtime.read;
export const update = runtime.update;
const deleteResource = runtime.delete;
export { deleteResource as delete };
