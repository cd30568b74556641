// A bootstrap tool built on the Automation API: it runs the CCKM steps of a new environment from code (a CLI, a
// service, a pipeline step), with an inline Pulumi program instead of a project folder.
//
// Credentials never reach Pulumi's state or config here: the tool passes them to the provider process as the
// CIPHERTRUST_* environment variables (the names of Thales' Terraform provider), which pulumi-cckm reads at run time.
// The stack, one per environment, keeps only job ids and statuses, so running the tool again for the same request is
// a no-op, and a changed request runs only the jobs whose scope changed.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as auto from "@pulumi/pulumi/automation";
import * as cckm from "pulumi-cckm";

/** Where the CipherTrust Manager is and how to log in. */
export interface Connection {
  /** e.g. `https://cm.example.com` */
  address: string;
  username: string;
  password: string;
  /** CA certificate of the CM, PEM text or a file path; the system's CAs when absent. */
  caCert?: string;
}

/** What to bring in sync for a new environment; empty lists are skipped. */
export interface BootstrapRequest {
  /** The environment's name; also the Pulumi stack name. */
  environment: string;
  dsmDomains?: string[];
  googleKeyRings?: string[];
  azureKeyVaults?: string[];
  awsKms?: string[];
  /** SAP keys (CCKM ids) to restore once the clouds are in sync. */
  restoreSapKeys?: string[];
  /** Deadline per job in seconds (default 1800). */
  timeoutSeconds?: number;
}

/** The inline program: DSM domains first, then the clouds, then the SAP key restores. */
export function bootstrapProgram(req: BootstrapRequest): auto.PulumiFn {
  return async () => {
    const common = { timeoutSeconds: req.timeoutSeconds ?? 1800 };
    const jobs: Record<string, pulumi.Output<string>> = {};
    const domains: pulumi.Resource[] = [];
    if (req.dsmDomains?.length) {
      const dsm = new cckm.DsmDomainRefresh("dsm", { domains: req.dsmDomains, ...common });
      jobs.dsm = dsm.jobId;
      domains.push(dsm);
    }
    const clouds: cckm.SyncJobResource[] = [];
    const cloud = (name: string, r: cckm.SyncJobResource) => {
      jobs[name] = r.jobId;
      clouds.push(r);
    };
    const afterDomains = { dependsOn: domains };
    if (req.googleKeyRings?.length) {
      cloud("google", new cckm.GoogleKeySync("google", { keyRings: req.googleKeyRings, ...common }, afterDomains));
    }
    if (req.azureKeyVaults?.length) {
      cloud("azure", new cckm.AzureKeySync("azure", { keyVaults: req.azureKeyVaults, ...common }, afterDomains));
    }
    if (req.awsKms?.length) {
      cloud("aws", new cckm.AwsKeySync("aws", { kms: req.awsKms, ...common }, afterDomains));
    }
    for (const keyId of req.restoreSapKeys ?? []) {
      const restore = new cckm.SapKeyJob(
        `restore-${keyId}`,
        { keyId, operation: "restore", ...common },
        { dependsOn: [...domains, ...clouds] },
      );
      jobs[`restore-${keyId}`] = restore.jobId;
    }
    return { environment: req.environment, jobs };
  };
}

export interface BootstrapOptions {
  connection: Connection;
  request: BootstrapRequest;
  /** Tear the environment's stack down instead (cancels jobs that still run). */
  destroy?: boolean;
  /**
   * The workspace folder. The provider process starts there and loads `pulumi-cckm` from its node_modules, so it
   * must be inside the folder where the tool's dependencies are installed. Default: `.work/` next to this file.
   */
  workDir?: string;
  /** Where stacks are kept (default: a file backend in `<workDir>/state`). */
  backendUrl?: string;
  /** More environment for the Pulumi CLI (e.g. PULUMI_HOME settings); the connection is added to it. */
  envVars?: Record<string, string>;
  /** A specific Pulumi CLI (default: `pulumi` on PATH). */
  pulumiCommand?: auto.PulumiCommand;
  /** Receives the engine's output as it comes. */
  onOutput?: (text: string) => void;
}

export interface BootstrapResult {
  outputs: auto.OutputMap;
  /** Resources by operation, e.g. `{ create: 5 }`, `{ same: 5 }` for a repeated request. */
  changes: Record<string, number>;
}

/** Runs (or destroys) the bootstrap of one environment and returns its outputs. */
export async function runBootstrap(opts: BootstrapOptions): Promise<BootstrapResult> {
  const workDir = opts.workDir ?? path.join(__dirname, ".work");
  const envVars: Record<string, string> = {
    // the stack holds no secret; an empty passphrase keeps the file backend from prompting
    PULUMI_CONFIG_PASSPHRASE: "",
    ...opts.envVars,
    CIPHERTRUST_ADDRESS: opts.connection.address,
    CIPHERTRUST_USERNAME: opts.connection.username,
    CIPHERTRUST_PASSWORD: opts.connection.password,
    ...(opts.connection.caCert ? { CIPHERTRUST_CA_CERT: opts.connection.caCert } : {}),
  };
  const backendUrl = opts.backendUrl ?? `file://${path.join(workDir, "state")}`;
  if (backendUrl.startsWith("file://")) fs.mkdirSync(backendUrl.slice("file://".length), { recursive: true });
  const stack = await auto.LocalWorkspace.createOrSelectStack(
    {
      stackName: opts.request.environment,
      projectName: "cckm-bootstrap-tool",
      program: bootstrapProgram(opts.request),
    },
    {
      workDir,
      envVars,
      pulumiCommand: opts.pulumiCommand,
      projectSettings: {
        name: "cckm-bootstrap-tool",
        runtime: "nodejs",
        backend: { url: backendUrl },
      },
    },
  );
  if (opts.destroy) {
    const result = await stack.destroy({ onOutput: opts.onOutput });
    return { outputs: {}, changes: result.summary.resourceChanges ?? {} };
  }
  const result = await stack.up({ onOutput: opts.onOutput });
  return { outputs: result.outputs, changes: result.summary.resourceChanges ?? {} };
}

// As a command: CIPHERTRUST_ADDRESS, _USERNAME, _PASSWORD (and _CA_CERT) from the environment, a request as JSON.
//   npx ts-node bootstrap.ts request.json [--destroy]
if (require.main === module) {
  const [file, flag] = process.argv.slice(2);
  const env = (name: string) => {
    const v = process.env[name];
    if (!v) throw new Error(`set ${name}`);
    return v;
  };
  (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const request = require(path.resolve(file ?? "request.json")) as BootstrapRequest;
    const result = await runBootstrap({
      connection: {
        address: env("CIPHERTRUST_ADDRESS"),
        username: env("CIPHERTRUST_USERNAME"),
        password: env("CIPHERTRUST_PASSWORD"),
        caCert: process.env.CIPHERTRUST_CA_CERT,
      },
      request,
      destroy: flag === "--destroy",
      onOutput: (text) => process.stdout.write(text),
    });
    process.stdout.write(`${JSON.stringify({ changes: result.changes, outputs: result.outputs }, null, 2)}\n`);
  })().catch((err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  });
}
