// State compatibility with pulumi-cckm 0.1.0 (dynamic resources only): see state.ts.
import { describeStateCompat } from "./state";

describeStateCompat("v0.1.0", "0.1.0", ["aws", "azure", "dsm", "google", "sap"]);
