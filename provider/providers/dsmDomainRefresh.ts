// The serialized provider of DsmDomainRefresh. A consumer's state stores it by reference, as
// require("pulumi-cckm/providers/dsmDomainRefresh"): keep this path (see ../resources/provider.ts).
import { thinProvider } from "../resources/provider";
export = thinProvider("DsmDomainRefresh");
