// The serialized provider of AwsKeySync. A consumer's state stores it by reference, as
// require("pulumi-cckm/providers/awsKeySync"): keep this path (see ../resources/provider.ts).
import { thinProvider } from "../resources/provider";
export = thinProvider("AwsKeySync");
