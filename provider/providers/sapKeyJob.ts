// The serialized provider of SapKeyJob. A consumer's state stores it by reference, as
// require("pulumi-cckm/providers/sapKeyJob"): keep this path (see ../resources/provider.ts).
import { thinProvider } from "../resources/provider";
export = thinProvider("SapKeyJob");
