import { FormatError, StateError, ValueError, describe } from '../errors.js';
import { nodeImport } from '../runtime.js';
import type { FetchLike, RequestInitLike } from '../platform-types.js';
import { WEIGHTS_FILE, concatWeightData, modelJSON, saveResult } from './artifacts.js';
import type { IOHandler, ModelArtifacts, ModelJSON, SaveResult } from './artifacts.js';
import { browserHandler } from './browser-handlers.js';

/** Where a model is saved: a URL (file://, indexeddb://, localstorage://, downloads://) or a tfjs IOHandler. */
export type SaveDestination = string | IOHandler;
/** Where a model is loaded from: a URL (file://, http(s)://, indexeddb://, localstorage://), a tfjs IOHandler, or the artifacts themselves. */
export type LoadSource = string | IOHandler | ModelArtifacts;

export interface LoadOptions {
  /** fetch() for http(s) sources (tfjs' fetchFunc), e.g. one that adds credentials. */
  fetchFunc?: FetchLike;
  /** Passed to every fetch of an http(s) source (tfjs' requestInit). */
  requestInit?: RequestInitLike;
}

function isArtifacts(value: object): value is ModelArtifacts {
  return 'modelTopology' in value;
}

/** The model.json file's directory and the file itself, from a file:// URL naming either. */
function fileLocation(url: string): { dir: string; json: string } {
  const path = decodeURIComponent(url.slice('file://'.length));
  if (!path) throw new ValueError(`${url}: expected a directory path after file://`);
  const json = path.endsWith('.json') ? path : `${path.replace(/\/+$/, '')}/model.json`;
  return { dir: json.slice(0, json.lastIndexOf('/')) || '/', json };
}

/**
 * file:// in Node, Deno and Bun: model.json and one weights file in a directory. Each is written to
 * a temporary name and renamed, weights first, so a reader never finds a half-written model and
 * a failed save leaves the previous one whole.
 */
function fileHandler(url: string): IOHandler {
  const { dir, json } = fileLocation(url);
  const fs = (): Promise<typeof import('node:fs/promises')> => nodeImport('node:fs/promises').catch(() => {
    throw new StateError(`${url}: this runtime has no file system (node:fs); save to an IOHandler or load from artifacts instead`);
  });
  return {
    async save(artifacts: ModelArtifacts): Promise<SaveResult> {
      const { mkdir, writeFile, rename, rm } = await fs();
      await mkdir(dir, { recursive: true });
      const suffix = `.tmp-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
      const weights = `${dir}/${WEIGHTS_FILE}`;
      const written: string[] = [];
      try {
        await writeFile(weights + suffix, new Uint8Array(concatWeightData(artifacts.weightData)));
        written.push(weights + suffix);
        await writeFile(json + suffix, JSON.stringify(modelJSON(artifacts, [WEIGHTS_FILE])));
        written.push(json + suffix);
        await rename(weights + suffix, weights);
        await rename(json + suffix, json);
      } catch (error) {
        await Promise.all(written.map((f) => rm(f, { force: true })));
        throw error;
      }
      return saveResult(artifacts);
    },
    async load(): Promise<ModelArtifacts> {
      const { readFile } = await fs();
      let text: string;
      try {
        text = await readFile(json, 'utf8');
      } catch (error) {
        throw new FormatError(`${json}: cannot read the model (${(error as { code?: string }).code ?? String(error)})`);
      }
      const manifest = parseModelJSON(text, json);
      const shards = await Promise.all(manifest.weightsManifest.flatMap((g) => g.paths).map(async (p) => {
        const file = `${dir}/${p}`;
        try {
          const bytes = await readFile(file);
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        } catch (error) {
          throw new FormatError(`${json}: cannot read the weights file ${file} (${(error as { code?: string }).code ?? String(error)})`);
        }
      }));
      return artifactsFrom(manifest, shards);
    },
  };
}

/** model.json's text, checked to be what tfjs writes (a topology and a weights manifest). */
export function parseModelJSON(text: string, where: string): ModelJSON {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FormatError(`${where}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const m = json as Partial<ModelJSON> | null;
  if (m === null || typeof m !== 'object' || m.modelTopology === undefined) throw new FormatError(`${where}: expected tfjs' model.json with a modelTopology, received ${describe(json)}`);
  if (m.format !== undefined && m.format !== 'layers-model') throw new FormatError(`${where}: format ${describe(m.format)}; Axon reads layers models (tfjs graph models are not Keras models)`);
  const manifest = m.weightsManifest ?? [];
  if (!Array.isArray(manifest) || manifest.some((g) => !g || !Array.isArray(g.paths) || !Array.isArray(g.weights) || g.paths.some((p) => typeof p !== 'string' || p.includes('..')))) {
    throw new FormatError(`${where}: weightsManifest must be a list of { paths, weights } with relative paths, received ${describe(m.weightsManifest)}`);
  }
  return { ...m, weightsManifest: manifest } as ModelJSON;
}

/** Artifacts from model.json and its shards' bytes, in manifest order. */
export function artifactsFrom(json: ModelJSON, shards: ArrayBuffer[]): ModelArtifacts {
  const artifacts: ModelArtifacts = {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: concatWeightData(shards),
  };
  if (json.format !== undefined) artifacts.format = json.format;
  if (json.generatedBy !== undefined) artifacts.generatedBy = json.generatedBy;
  if (json.convertedBy !== undefined) artifacts.convertedBy = json.convertedBy;
  if (json.trainingConfig) artifacts.trainingConfig = json.trainingConfig;
  if (json.userDefinedMetadata) artifacts.userDefinedMetadata = json.userDefinedMetadata;
  return artifacts;
}

/** http(s):// loading, as tfjs' browserHTTPRequest: model.json, then its shards resolved against its URL. */
function httpHandler(url: string, options: LoadOptions): IOHandler {
  const get = async (target: string): Promise<Response> => {
    const f = (options.fetchFunc ?? globalThis.fetch) as typeof fetch | undefined;
    if (typeof f !== 'function') throw new StateError(`${url}: this runtime has no fetch(); pass fetchFunc`);
    let response: Response;
    try {
      response = await f(target, options.requestInit as RequestInit | undefined);
    } catch (error) {
      throw new FormatError(`${target}: the request failed (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!response.ok) throw new FormatError(`${target}: HTTP ${response.status}`);
    return response;
  };
  return {
    async load(): Promise<ModelArtifacts> {
      const json = parseModelJSON(await (await get(url)).text(), url);
      const shards = await Promise.all(json.weightsManifest.flatMap((g) => g.paths).map(async (p) => (await get(new URL(p, url).href)).arrayBuffer()));
      return artifactsFrom(json, shards);
    },
  };
}

/** The handler for a destination or source, as tfjs picks one by URL scheme. */
export function resolveHandler(target: SaveDestination | LoadSource, argument: string, options: LoadOptions = {}): IOHandler {
  if (typeof target === 'string') {
    if (target.startsWith('file://')) return fileHandler(target);
    if (target.startsWith('http://') || target.startsWith('https://')) return httpHandler(target, options);
    const browser = browserHandler(target);
    if (browser) return browser;
    throw new ValueError(`${argument}: unknown scheme in ${describe(target)}; expected file://, http(s)://, indexeddb://, localstorage:// or downloads://, a tfjs IOHandler, or model artifacts`);
  }
  if (target !== null && typeof target === 'object') {
    if (isArtifacts(target)) {
      const artifacts = target;
      return { load: async () => artifacts };
    }
    if (typeof (target as IOHandler).save === 'function' || typeof (target as IOHandler).load === 'function') return target as IOHandler;
  }
  throw new ValueError(`${argument}: expected a URL string, a tfjs IOHandler ({ save } / { load }) or model artifacts ({ modelTopology, weightSpecs, weightData }), received ${describe(target)}`);
}
