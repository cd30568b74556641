// The serialized provider of SapGroupSync. A consumer's state stores it by reference, as
// require("pulumi-cckm/providers/sapGroupSync"): keep this path (see ../resources/provider.ts).
import { thinProvider } from "../resources/provider";
export = thinProvider("SapGroupSync");
