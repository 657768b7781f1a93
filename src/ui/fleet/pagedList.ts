// A list fetched page by page ("Load more…"), with a lock so two clicks never load the same page
// twice. Pure (no vscode); the tree nodes own one each.
import type { Page } from '../../aws/types';

export class PagedList<T> {
  private readonly loaded: T[] = [];
  private token: string | undefined;
  private started = false;
  private inFlight: Promise<void> | undefined;
  private generation = 0;
  /** The error of the last load, cleared by the next successful one. */
  error: unknown;
  /** Pages fetched since the last reset (tests and benchmarks count calls). */
  pagesFetched = 0;

  constructor(private readonly fetchPage: (nextToken: string | undefined) => Promise<Page<T>>) {}

  get items(): readonly T[] {
    return this.loaded;
  }

  /** True once the first page arrived. */
  get hasLoaded(): boolean {
    return this.started;
  }

  get hasMore(): boolean {
    return this.started && this.token !== undefined;
  }

  get isLoading(): boolean {
    return this.inFlight !== undefined;
  }

  /** Loads the first page unless it is already there. */
  ensureLoaded(): Promise<void> {
    return this.started ? this.inFlight ?? Promise.resolve() : this.loadMore();
  }

  /** Loads the next page; a call while one is loading waits for that one instead of loading again. */
  loadMore(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.started && this.token === undefined) return Promise.resolve();
    const generation = this.generation;
    const run = async () => {
      try {
        const page = await this.fetchPage(this.token);
        if (generation !== this.generation) return; // reset while loading: drop the stale page
        this.pagesFetched++;
        this.loaded.push(...page.items);
        this.token = page.nextToken || undefined;
        this.started = true;
        this.error = undefined;
      } catch (e) {
        if (generation === this.generation) this.error = e;
      } finally {
        if (generation === this.generation) this.inFlight = undefined;
      }
    };
    this.inFlight = run();
    return this.inFlight;
  }

  /** Forgets everything; the next ensureLoaded() starts from the first page. */
  reset(): void {
    this.generation++;
    this.loaded.length = 0;
    this.token = undefined;
    this.started = false;
    this.inFlight = undefined;
    this.error = undefined;
    this.pagesFetched = 0;
  }
}
