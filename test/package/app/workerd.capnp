# Two services from one bundle: "plain" as a Worker runs by default, "compat" with nodejs_compat
# (where process.versions.node exists, yet workerd is not Node). The test fills in the ports.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "plain", worker = .plain), (name = "compat", worker = .compat) ],
  sockets = [
    (name = "plain", address = "127.0.0.1:PLAIN_PORT", http = (), service = "plain"),
    (name = "compat", address = "127.0.0.1:COMPAT_PORT", http = (), service = "compat"),
  ],
);

const plain :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "axon.wasm", wasm = embed "axon.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);

const compat :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "axon.wasm", wasm = embed "axon.wasm"),
  ],
  compatibilityDate = "2025-01-01",
  compatibilityFlags = ["nodejs_compat"],
);
