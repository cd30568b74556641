// pulumi-cckm: Pulumi resources that run Thales CipherTrust Manager CCKM jobs declaratively.
//
// Connection settings come from stack config (`cckm:address`, `cckm:username`, `cckm:password`, `cckm:domain`,
// `cckm:authDomain`, `cckm:refreshToken`, `cckm:caCert`, `cckm:insecureSkipVerify`), then from CIPHERTRUST_*,
// then CM_* environment variables, read when the provider runs.
export * from "./dynamic/classes";
export { JobFailedError, JobTimeoutError, JobCancelledError, JobWaitError } from "./jobs/errors";
