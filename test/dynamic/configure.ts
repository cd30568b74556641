// Hands the dynamic front end's runtime its stack config the way the dynamic provider host does: through
// `configure`, after forgetting the clients (connections, tokens) an earlier configuration made.
import { resetClients } from "../../provider/client/client";
import * as runtime from "../../provider/runtime";

/**
 * The stack config of a stack on `cm` (its address and CA certificate, the simulator's default user), with `extra`
 * on top, as `configure` hands it to a fresh provider process.
 */
export async function configureRuntimeFor(
  cm: { url: string; caCert: string },
  extra: Record<string, unknown> = {},
): Promise<void> {
  resetClients();
  const config: Record<string, unknown> = {
    "cckm:address": cm.url,
    "cckm:caCert": cm.caCert,
    "cckm:username": "admin",
    "cckm:password": "admin",
    ...extra,
  };
  await runtime.configure("any", {
    config: { get: (key) => (config[key] === undefined ? undefined : String(config[key])) },
  });
}
