/**
 * Returns device memory to its backend when the buffer object that owned it is garbage-collected
 * without `free()`: the weights, gradients, optimizer slots and batch buffers of a model no one
 * disposed. Ownership is per buffer, not per model, so a layer shared by two models keeps its
 * weights until neither can reach them.
 *
 * `held` is what the release needs (an address, a handle cell, an id); it must not reference the
 * buffer, or the buffer never becomes unreachable. Runtimes without FinalizationRegistry keep the
 * old rule: memory comes back only through dispose().
 */
export class Reclaimer<Held> {
  private readonly registry: FinalizationRegistry<Held> | null;

  constructor(release: (held: Held) => void) {
    this.registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(release) : null;
  }

  /** Releases `held` once `buffer` is collected, unless `untrack(buffer)` came first. */
  track(buffer: object, held: Held): void {
    this.registry?.register(buffer, held, buffer);
  }

  /** The buffer was freed explicitly: its finalizer must not free the memory a second time. */
  untrack(buffer: object): void {
    this.registry?.unregister(buffer);
  }
}
