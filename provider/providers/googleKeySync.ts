// The serialized provider of GoogleKeySync. A consumer's state stores it by reference, as
// require("pulumi-cckm/providers/googleKeySync"): keep this path (see ../resources/provider.ts).
import { thinProvider } from "../resources/provider";
export = thinProvider("GoogleKeySync");
