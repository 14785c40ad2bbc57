// Browser storage, laid out exactly as tfjs lays it out, so a model saved by either library loads
// in the other: localStorage keys under tensorflowjs_models/<path>/, the IndexedDB database
// "tensorflowjs" with its models_store and model_info_store, and downloads:// as two files.
import { FormatError, StateError } from '../errors.js';
import { concatWeightData, modelJSON, saveResult } from './artifacts.js';
import type { IOHandler, ModelArtifacts, SaveResult } from './artifacts.js';

type Storage = { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };

function base64(bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes);
  let text = '';
  for (let i = 0; i < view.length; i += 0x8000) text += String.fromCharCode(...view.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text: string, where: string): ArrayBuffer {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new FormatError(`${where}: the stored weight data is not base64`);
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out.buffer;
}

function localStorageHandler(path: string): IOHandler {
  const storage = (): Storage => {
    const s = (globalThis as { localStorage?: Storage }).localStorage;
    if (!s) throw new StateError(`localstorage://${path}: this runtime has no localStorage`);
    return s;
  };
  const key = (part: string): string => `tensorflowjs_models/${path}/${part}`;
  return {
    async save(artifacts: ModelArtifacts): Promise<SaveResult> {
      const s = storage();
      const result = saveResult(artifacts);
      const entries: [string, string][] = [
        [key('info'), JSON.stringify(result.modelArtifactsInfo)],
        [key('model_topology'), JSON.stringify(artifacts.modelTopology)],
        [key('weight_specs'), JSON.stringify(artifacts.weightSpecs ?? [])],
        [key('weight_data'), base64(concatWeightData(artifacts.weightData))],
        [key('model_metadata'), JSON.stringify({ format: artifacts.format, generatedBy: artifacts.generatedBy, convertedBy: artifacts.convertedBy, trainingConfig: artifacts.trainingConfig, userDefinedMetadata: artifacts.userDefinedMetadata })],
      ];
      try {
        for (const [k, v] of entries) s.setItem(k, v);
      } catch (error) {
        // A full quota leaves nothing half-written behind.
        for (const [k] of entries) s.removeItem(k);
        throw new StateError(`localstorage://${path}: saving failed (${error instanceof Error ? error.message : String(error)}); localStorage holds a few MB`);
      }
      return result;
    },
    async load(): Promise<ModelArtifacts> {
      const s = storage();
      const get = (part: string): string => {
        const v = s.getItem(key(part));
        if (v === null) throw new FormatError(`localstorage://${path}: no stored ${part} (is the model saved under this path?)`);
        return v;
      };
      const metadata = JSON.parse(s.getItem(key('model_metadata')) ?? '{}') as Partial<ModelArtifacts>;
      return {
        ...metadata,
        modelTopology: JSON.parse(get('model_topology')),
        weightSpecs: JSON.parse(get('weight_specs')),
        weightData: fromBase64(get('weight_data'), `localstorage://${path}`),
      };
    },
  };
}

const DB = 'tensorflowjs';
const MODELS = 'models_store';
const INFO = 'model_info_store';

type Request<T> = { result: T; error: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null };
type Db = {
  objectStoreNames: { contains(name: string): boolean };
  createObjectStore(name: string, options: { keyPath: string }): unknown;
  transaction(stores: string | string[], mode: 'readonly' | 'readwrite'): { objectStore(name: string): { put(value: unknown): Request<unknown>; get(key: string): Request<unknown> }; oncomplete: (() => void) | null; onerror: (() => void) | null };
  close(): void;
};

function request<T>(r: Request<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function openDb(path: string): Promise<Db> {
  const idb = (globalThis as { indexedDB?: { open(name: string, version: number): Request<Db> & { onupgradeneeded: (() => void) | null } } }).indexedDB;
  if (!idb) return Promise.reject(new StateError(`indexeddb://${path}: this runtime has no IndexedDB`));
  const open = idb.open(DB, 1);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains(MODELS)) db.createObjectStore(MODELS, { keyPath: 'modelPath' });
    if (!db.objectStoreNames.contains(INFO)) db.createObjectStore(INFO, { keyPath: 'modelPath' });
  };
  return request(open);
}

function indexedDbHandler(path: string): IOHandler {
  return {
    async save(artifacts: ModelArtifacts): Promise<SaveResult> {
      const db = await openDb(path);
      const result = saveResult(artifacts);
      try {
        // One transaction over both stores: both records are written, or neither.
        const tx = db.transaction([INFO, MODELS], 'readwrite');
        const done = new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(new StateError(`indexeddb://${path}: saving failed`));
        });
        tx.objectStore(INFO).put({ modelPath: path, modelArtifactsInfo: result.modelArtifactsInfo });
        tx.objectStore(MODELS).put({ modelPath: path, modelArtifacts: { ...artifacts, weightData: concatWeightData(artifacts.weightData) } });
        await done;
      } finally {
        db.close();
      }
      return result;
    },
    async load(): Promise<ModelArtifacts> {
      const db = await openDb(path);
      try {
        const record = (await request(db.transaction(MODELS, 'readonly').objectStore(MODELS).get(path))) as { modelArtifacts?: ModelArtifacts } | undefined;
        if (!record?.modelArtifacts) throw new FormatError(`indexeddb://${path}: no model stored under this path`);
        return record.modelArtifacts;
      } finally {
        db.close();
      }
    },
  };
}

/** downloads://name: the browser downloads name.json and name.weights.bin, as tfjs' browserDownloads. */
function downloadsHandler(name: string): IOHandler {
  return {
    async save(artifacts: ModelArtifacts): Promise<SaveResult> {
      const g = globalThis as { document?: { createElement(tag: string): { href: string; download: string; click(): void } }; URL: { createObjectURL?(blob: unknown): string; revokeObjectURL?(url: string): void }; Blob?: new (parts: unknown[], options?: { type: string }) => unknown };
      if (!g.document || !g.Blob || !g.URL.createObjectURL) throw new StateError(`downloads://${name}: downloads need a browser page (document, Blob, URL.createObjectURL)`);
      const weights = `${name}.weights.bin`;
      const files: [string, unknown][] = [
        [`${name}.json`, new g.Blob([JSON.stringify(modelJSON(artifacts, [`./${weights}`]))], { type: 'application/json' })],
        [weights, new g.Blob([concatWeightData(artifacts.weightData)], { type: 'application/octet-stream' })],
      ];
      for (const [file, blob] of files) {
        const url = g.URL.createObjectURL(blob);
        const a = g.document.createElement('a');
        a.href = url;
        a.download = file;
        a.click();
        g.URL.revokeObjectURL?.(url);
      }
      return saveResult(artifacts);
    },
  };
}

/** The browser handler a URL names, or null when it is not a browser scheme. */
export function browserHandler(url: string): IOHandler | null {
  const [scheme, path] = url.split('://', 2) as [string, string | undefined];
  if (!path) return null;
  if (scheme === 'localstorage') return localStorageHandler(path);
  if (scheme === 'indexeddb') return indexedDbHandler(path);
  if (scheme === 'downloads') return downloadsHandler(path);
  return null;
}
