// Progress lines of a running job, sent to the engine's `Log` RPC with the resource's URN, so the CLI shows them
// under the resource's own row while `up` runs. A provider plugin's stdout and stderr never reach the CLI's output
// (the engine only logs them at high verbosity), and the SDK's `pulumi.log` has no engine connection in a
// provider process: the engine's address, the plugin's first argument, is what we have.
import { engineModules, sdkGrpc } from "./sdkModules";

/**
 * `persist`: the line stays in the update's Diagnostics (a reason the plan shows), rather than a passing status.
 * `warning`: sent with the engine's WARNING severity (always kept).
 */
export type EngineLogger = (urn: string, line: string, persist?: boolean, warning?: boolean) => void;

/** A logger for the engine at `address`; lines are sent in order, failures only end up on stderr. */
export function engineLogger(address: string | undefined): EngineLogger {
  if (!address) return (_urn, line) => console.error(line);
  const grpc = sdkGrpc();
  const { pb, rpc } = engineModules();
  const client = new rpc.EngineClient(address, grpc.credentials.createInsecure());
  return (urn, line, persist = false, warning = false) => {
    const req = new pb.LogRequest();
    req.setSeverity(warning ? pb.LogSeverity.WARNING : pb.LogSeverity.INFO);
    req.setMessage(line);
    req.setUrn(urn);
    // Ephemeral (verified with CLI 3.248): the line is the resource row's status while it runs, in the interactive
    // display and in the non-interactive output CI logs keep, and does not pile up in the final Diagnostics
    // (a 30-minute job would leave 360 lines there); errors still reach Diagnostics through the operation's result.
    req.setEphemeral(!persist && !warning);
    client.log(req, (err) => {
      if (err) console.error(`cckm: could not send a progress line to the engine: ${err.message}`);
    });
  };
}
