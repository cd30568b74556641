// The plugin's gRPC server: Pulumi's ResourceProvider protocol served directly on the SDK's generated stubs
// (`@pulumi/pulumi/proto/provider_grpc_pb`) and `@grpc/grpc-js`, not through the SDK's provider server, which drops
// what a registry provider needs (Configure's variables, CheckConfig/DiffConfig, detailed diffs, the request
// timeout, Cancel, accepting secrets) and whose gaps could only be closed by patching it. Every method the engine
// calls on a resource provider is here; the rest (Invoke, Call, Construct, ...) answers UNIMPLEMENTED (grpc-js's
// default for a method without a handler).
//
// - Secrets: Configure answers `acceptSecrets: true`; secret values are unwrapped on the way in and the properties
//   that held one are secret on the way out (secrets.ts).
// - customTimeouts: Create/Update/Delete pass the request's `timeout` to the engine, whose one deadline is the
//   smaller of it and `timeoutSeconds`.
// - Cancel (the first Ctrl-C): aborts the signal of every call in flight, so every wait stops at once; a create or
//   update whose job still runs fails with an init error carrying the job id and outputs (`ErrorResourceInitFailed`),
//   which the engine records, and the next `up` resumes the wait on the same job.
import type * as grpcTypes from "@grpc/grpc-js";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { CallOptions, withCall } from "./call";
import type { CckmProvider } from "./provider";
import { Props, SECRET_SETTINGS, secretOutputs, unwrapSecrets, wrapSecrets } from "./secrets";
import { protocol } from "./sdkModules";
import { UNKNOWN } from "../core/models";
import { resourceSpecs } from "./kindSpecs";
import { kindOfToken } from "./schema";

type Proto = ReturnType<typeof protocol>;
type Callback<T> = (err: grpcTypes.ServiceError | null, value?: T | null) => void;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler's request type is its generated class
type Handler = (call: { request: any }, callback: Callback<unknown>) => void;

/** An error that carries what to record of a resource that exists but did not finish (the job engine's JobError). */
interface InitError extends Error {
  id?: string;
  properties?: Props;
  reasons?: string[];
}

/** The plain inputs of a call and the names of those that were secret. */
interface Given {
  plain: Props;
  secrets: Set<string>;
}

/** `cckm:config:address` (how the engine names a provider's variables) -> `cckm:address`. */
function configKey(variable: string): string {
  return variable.replace(/^([^:]+):config:/, "$1:");
}

export class ProviderServer {
  private readonly pb: Proto;
  /** Aborted by Cancel; each call takes the signal current when it starts (a Cancel ends the calls in flight). */
  private cancel = new AbortController();

  constructor(
    private readonly provider: CckmProvider,
    private readonly onEngineAddress: (address: string) => void = () => undefined,
  ) {
    this.pb = protocol();
  }

  private js(s: Struct | undefined): Props {
    return (s?.toJavaScript() as Props | undefined) ?? {};
  }

  private struct(props: Props): Struct {
    return this.pb.struct.Struct.fromJavaScript(props as Parameters<typeof Struct.fromJavaScript>[0]);
  }

  /** The call options of a request with a `timeout` (seconds; 0: none set). */
  private callOptions(timeout?: number): CallOptions {
    return { signal: this.cancel.signal, requestTimeout: timeout && timeout > 0 ? timeout : undefined };
  }

  /** A gRPC error for people: the message as the status details (what the CLI shows). */
  private failure(err: unknown): grpcTypes.ServiceError {
    const message = err instanceof Error ? err.message : String(err);
    return Object.assign(new Error(message), {
      code: this.pb.grpc.status.UNKNOWN,
      details: message,
      metadata: new this.pb.grpc.Metadata(),
    });
  }

  /**
   * A failed create or update of a resource that exists (the job started): the engine records `id` and
   * `properties` as the resource's state, marked as failed initialization (as the SDK's own server does it).
   */
  private initFailure(err: InitError, id: string, given: Given, inputs?: Struct): grpcTypes.ServiceError {
    const { provider, status, any, grpc } = this.pb;
    const detail = new provider.ErrorResourceInitFailed();
    const props = err.properties ?? {};
    detail.setId(id);
    detail.setProperties(this.struct(wrapSecrets(props, secretOutputs(props, given.plain, given.secrets))));
    detail.setReasonsList(err.reasons ?? [err.message]);
    if (inputs) detail.setInputs(inputs);
    const details = new any.Any();
    details.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const st = new status.Status();
    st.setCode(grpc.status.UNKNOWN);
    st.setMessage(err.message);
    st.addDetails(details);
    const e = this.failure(err);
    e.metadata.add("grpc-status-details-bin", Buffer.from(st.serializeBinary()));
    return e;
  }

  /** Answers with `fn`'s value, or its error (init errors of a resource that exists kept as such). */
  private answer<T>(callback: Callback<T>, fn: () => Promise<T> | T, onError?: (err: unknown) => unknown): void {
    Promise.resolve()
      .then(fn)
      .then(
        (v) => callback(null, v),
        (err: unknown) => callback((onError?.(err) as grpcTypes.ServiceError | undefined) ?? this.failure(err)),
      );
  }

  private initErrorOf(err: unknown, given: Given, inputs?: Struct, id?: string): unknown {
    const e = err as InitError;
    const rid = e?.id ?? id;
    return e instanceof Error && rid && e.properties ? this.initFailure(e, rid, given, inputs) : undefined;
  }

  /** The handlers, by the service's method names. */
  handlers(): Record<string, Handler> {
    const { provider: pb, plugin, empty } = this.pb;
    const p = this.provider;
    const h: Record<string, Handler> = {
      handshake: (call, cb) =>
        this.answer(cb, () => {
          const address = (call.request as InstanceType<typeof pb.ProviderHandshakeRequest>).getEngineAddress();
          if (address) this.onEngineAddress(address);
          const r = new pb.ProviderHandshakeResponse();
          r.setAcceptSecrets(true);
          r.setAcceptResources(false);
          r.setAcceptOutputs(false);
          return r;
        }),
      attach: (call, cb) =>
        this.answer(cb, () => {
          const address = (call.request as InstanceType<typeof plugin.PluginAttach>).getAddress();
          if (address) this.onEngineAddress(address);
          return new empty.Empty();
        }),
      getPluginInfo: (_call, cb) =>
        this.answer(cb, () => {
          const r = new plugin.PluginInfo();
          r.setVersion(p.version);
          return r;
        }),
      getSchema: (call, cb) =>
        this.answer(cb, () => {
          const req = call.request as InstanceType<typeof pb.GetSchemaRequest>;
          if (req.getVersion() !== 0) throw new Error(`unsupported schema version ${req.getVersion()}`);
          const r = new pb.GetSchemaResponse();
          r.setSchema(p.schema);
          return r;
        }),
      cancel: (_call, cb) =>
        this.answer(cb, () => {
          // every call in flight stops waiting; calls made after this one get a fresh signal
          this.cancel.abort();
          this.cancel = new AbortController();
          return new empty.Empty();
        }),

      // The provider's own configuration (`cckm:*`): nothing to validate that Check does not name better (a
      // missing or bad setting fails each resource's check, naming the setting). The password and refresh token are
      // secret in the provider's state even when the stack config does not mark them so.
      checkConfig: (call, cb) =>
        this.answer(cb, () => {
          const req = call.request as InstanceType<typeof pb.CheckRequest>;
          const news = this.js(req.getNews());
          const r = new pb.CheckResponse();
          r.setInputs(this.struct(wrapSecrets(news, SECRET_SETTINGS)));
          return r;
        }),
      // A changed setting (another address, new credentials) is an update of the provider, never a replacement:
      // replacing it would replace every resource, i.e. start every job again.
      diffConfig: (call, cb) =>
        this.answer(cb, () => {
          const req = call.request as InstanceType<typeof pb.DiffRequest>;
          const olds = unwrapSecrets(this.js(req.getOldInputs() ?? req.getOlds())).plain;
          const news = unwrapSecrets(this.js(req.getNews())).plain;
          const changed = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter(
            (k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]),
          );
          const r = new pb.DiffResponse();
          r.setChanges(changed.length ? pb.DiffResponse.DiffChanges.DIFF_SOME : pb.DiffResponse.DiffChanges.DIFF_NONE);
          r.setDiffsList(changed);
          r.setHasdetaileddiff(true);
          const map = r.getDetaileddiffMap();
          for (const k of changed) {
            const d = new pb.PropertyDiff();
            d.setKind(
              olds[k] === undefined
                ? pb.PropertyDiff.Kind.ADD
                : news[k] === undefined
                  ? pb.PropertyDiff.Kind.DELETE
                  : pb.PropertyDiff.Kind.UPDATE,
            );
            d.setInputdiff(true);
            map.set(k, d);
          }
          return r;
        }),
      configure: (call, cb) =>
        this.answer(cb, () => {
          const req = call.request as InstanceType<typeof pb.ConfigureRequest>;
          const vars = req.getVariablesMap();
          p.configure(Object.fromEntries(vars.getEntryList().map(([k, v]) => [configKey(k), v])));
          const r = new pb.ConfigureResponse();
          r.setAcceptsecrets(true);
          r.setAcceptresources(false);
          r.setAcceptoutputs(false);
          r.setSupportspreview(false);
          return r;
        }),

      check: (call, cb) =>
        this.answer(cb, () => {
          const req = call.request as InstanceType<typeof pb.CheckRequest>;
          const news = unwrapSecrets(this.js(req.getNews()));
          const olds = unwrapSecrets(this.js(req.getOlds())).plain;
          const res = p.check(req.getUrn(), olds, news.plain);
          const r = new pb.CheckResponse();
          r.setInputs(this.struct(wrapSecrets(res.inputs, news.secrets)));
          r.setFailuresList(
            res.failures.map((f) => {
              const failure = new pb.CheckFailure();
              failure.setProperty(f.property);
              failure.setReason(f.reason);
              return failure;
            }),
          );
          return r;
        }),
      diff: (call, cb) =>
        this.answer(cb, () => {
          const req = call.request as InstanceType<typeof pb.DiffRequest>;
          const olds = unwrapSecrets(this.js(req.getOlds())).plain;
          const news = unwrapSecrets(this.js(req.getNews())).plain;
          const res = p.diff(req.getId(), req.getUrn(), olds, news);
          const r = new pb.DiffResponse();
          r.setChanges(res.changes ? pb.DiffResponse.DiffChanges.DIFF_SOME : pb.DiffResponse.DiffChanges.DIFF_NONE);
          r.setReplacesList(res.replaces);
          r.setDeletebeforereplace(res.deleteBeforeReplace);
          r.setDiffsList(Object.keys(res.detailed));
          r.setHasdetaileddiff(true);
          const map = r.getDetaileddiffMap();
          for (const [name, change] of Object.entries(res.detailed)) {
            const d = new pb.PropertyDiff();
            const K = pb.PropertyDiff.Kind;
            const kinds = {
              ADD: [K.ADD, K.ADD_REPLACE],
              UPDATE: [K.UPDATE, K.UPDATE_REPLACE],
              DELETE: [K.DELETE, K.DELETE_REPLACE],
            };
            d.setKind(kinds[change.kind][change.replace ? 1 : 0]);
            d.setInputdiff(true);
            map.set(name, d);
          }
          return r;
        }),
      create: (call, cb) => {
        const req = call.request as InstanceType<typeof pb.CreateRequest>;
        const inputs = unwrapSecrets(this.js(req.getProperties()));
        this.answer(
          cb,
          () =>
            withCall(this.callOptions(req.getTimeout()), async () => {
              // A preview's create starts nothing: the engine (3.248 among others) sends one when the provider
              // answered Handshake, whatever Configure said of supportsPreview. The outputs are the inputs, as the
              // engine shows a resource to be created.
              if (req.getPreview()) {
                const r = new pb.CreateResponse();
                r.setId("");
                r.setProperties(this.struct(wrapSecrets(previewOutputs(req.getUrn(), inputs.plain), inputs.secrets)));
                return r;
              }
              const res = await p.create(req.getUrn(), inputs.plain);
              const r = new pb.CreateResponse();
              r.setId(res.id);
              r.setProperties(
                this.struct(wrapSecrets(res.outs, secretOutputs(res.outs, inputs.plain, inputs.secrets))),
              );
              return r;
            }),
          (err) => this.initErrorOf(err, inputs, req.getProperties()),
        );
      },
      // Refresh, and import (no properties: the engine knows only the id).
      read: (call, cb) =>
        this.answer(cb, async () => {
          const req = call.request as InstanceType<typeof pb.ReadRequest>;
          const props = unwrapSecrets(this.js(req.getProperties()));
          const inputs = unwrapSecrets(this.js(req.getInputs()));
          const secrets = new Set([...props.secrets, ...inputs.secrets]);
          const given = { ...props.plain, ...inputs.plain };
          const res = await withCall(this.callOptions(), () => p.read(req.getId(), req.getUrn(), props.plain));
          const r = new pb.ReadResponse();
          r.setId(res.id);
          r.setProperties(this.struct(wrapSecrets(res.props, secretOutputs(res.props, given, secrets))));
          if (res.inputs) r.setInputs(this.struct(wrapSecrets(res.inputs, secrets)));
          return r;
        }),
      update: (call, cb) => {
        const req = call.request as InstanceType<typeof pb.UpdateRequest>;
        const olds = unwrapSecrets(this.js(req.getOlds()));
        const news = unwrapSecrets(this.js(req.getNews()));
        // an output secret before stays secret (it may hold what the old secret input held)
        const given = { plain: { ...olds.plain, ...news.plain }, secrets: new Set([...olds.secrets, ...news.secrets]) };
        this.answer(
          cb,
          () =>
            withCall(this.callOptions(req.getTimeout()), async () => {
              // a preview's update changes nothing remote (see create)
              if (req.getPreview()) {
                const r = new pb.UpdateResponse();
                r.setProperties(this.struct(wrapSecrets({ ...olds.plain, ...news.plain }, given.secrets)));
                return r;
              }
              const res = await p.update(req.getId(), req.getUrn(), olds.plain, news.plain);
              const r = new pb.UpdateResponse();
              r.setProperties(this.struct(wrapSecrets(res.outs, secretOutputs(res.outs, given.plain, given.secrets))));
              return r;
            }),
          (err) => this.initErrorOf(err, given, req.getNews(), req.getId()),
        );
      },
      delete: (call, cb) =>
        this.answer(cb, async () => {
          const req = call.request as InstanceType<typeof pb.DeleteRequest>;
          const props = unwrapSecrets(this.js(req.getProperties())).plain;
          await withCall(this.callOptions(req.getTimeout()), () => p.delete(req.getId(), req.getUrn(), props));
          return new empty.Empty();
        }),
    };
    return h;
  }
}

/** What a preview shows of a resource to be created: its inputs, and every other output unknown until `up`. */
function previewOutputs(urn: string, inputs: Props): Props {
  const kind = kindOfToken(urn);
  const spec = resourceSpecs().find((s) => s.name === kind);
  const unknown = Object.fromEntries((spec?.outputs ?? []).map((o) => [o.name, UNKNOWN]));
  return { ...unknown, ...inputs };
}

/**
 * Serves `provider` on 127.0.0.1 and prints the port, which the engine reads from the plugin's stdout (the engine
 * handshake); the server then keeps the process alive until the engine stops it.
 */
export async function serve(provider: CckmProvider, onEngineAddress?: (address: string) => void): Promise<number> {
  const { grpc, providerRpc } = protocol();
  const server = new grpc.Server({
    // the engine sends whole property structs (large scopes); the SDK's server allows the same
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
  });
  const handlers = new ProviderServer(provider, onEngineAddress).handlers();
  server.addService(providerRpc.ResourceProviderService, handlers as unknown as grpcTypes.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  // a string, so that Node does not colour it
  process.stdout.write(`${port}\n`);
  return port;
}
