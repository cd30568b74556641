// State compatibility with main at d617e1d (before the registry): both front ends, SyncSchedule included, see
// state.ts.
import { describeStateCompat } from "./state";

describeStateCompat("main-d617e1d", "main at d617e1d", [
  "aws",
  "azure",
  "dsm",
  "google",
  "sap",
  "nightly",
  "pdsm",
  "pnightly",
]);
