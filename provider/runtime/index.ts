// `pulumi-cckm/runtime` (dist/provider/runtime/index.js) is a contract with every deployed stack of the dynamic
// front end: its serialized providers `require` it by this name. The code is in ../dynamic/runtime.ts.
export * from "../dynamic/runtime";
