// The serialized provider of SyncSchedule. A consumer's state stores it by reference, as
// require("pulumi-cckm/providers/syncSchedule"): keep this path (see ../resources/provider.ts).
import { thinProvider } from "../resources/provider";
export = thinProvider("SyncSchedule");
