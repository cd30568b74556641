// The serialized provider of ExternalCmDomainRefresh. A consumer's state stores it by reference, as
// require("pulumi-cckm/providers/externalCmDomainRefresh"): keep this path (see ../resources/provider.ts).
import { thinProvider } from "../resources/provider";
export = thinProvider("ExternalCmDomainRefresh");
