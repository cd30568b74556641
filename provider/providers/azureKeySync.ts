// The serialized provider of AzureKeySync. A consumer's state stores it by reference, as
// require("pulumi-cckm/providers/azureKeySync"): keep this path (see ../resources/provider.ts).
import { thinProvider } from "../resources/provider";
export = thinProvider("AzureKeySync");
