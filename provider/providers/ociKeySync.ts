// The serialized provider of OciKeySync. A consumer's state stores it by reference, as
// require("pulumi-cckm/providers/ociKeySync"): keep this path (see ../resources/provider.ts).
import { thinProvider } from "../resources/provider";
export = thinProvider("OciKeySync");
