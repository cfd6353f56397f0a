/**
 * Which folders are watched: the folder alone, or the folder and every folder below it. The tree
 * is listed once (breadth first, many parents per query), kept in memory, and listed again when it
 * is older than {@link TREE_TTL_MS} or when the changes feed shows a folder entering, leaving or
 * moving inside it.
 */
import { FOLDER_MIME_TYPE } from './filters.js';
import { inAnyOf, listFiles, PARENTS_PER_QUERY, type Corpus, type Drive, type DriveFile } from './drive-client.js';

export const TREE_TTL_MS = 10 * 60_000;

export class FolderScope {
  private folders: Set<string> | undefined;
  private loadedAt = 0;

  constructor(
    private readonly client: Drive,
    private readonly corpus: Corpus,
    readonly rootId: string,
    readonly recursive: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a file with these parents is in a watched folder. */
  async contains(parents: readonly string[], signal: AbortSignal): Promise<boolean> {
    if (!this.recursive) return parents.includes(this.rootId);
    const folders = await this.folderSet(signal);
    return parents.some((id) => folders.has(id));
  }

  /** The watched folders (the root first). */
  async folderIds(signal: AbortSignal): Promise<string[]> {
    return this.recursive ? [...(await this.folderSet(signal))] : [this.rootId];
  }

  /** A folder changed (created, moved, trashed, ...): forget the tree when it touches it. */
  noteFolderChange(folder: DriveFile): void {
    if (!this.recursive || this.folders === undefined || folder.id === this.rootId) return;
    const touches = this.folders.has(folder.id ?? '') || (folder.parents ?? []).some((id) => this.folders!.has(id));
    if (touches) this.folders = undefined;
  }

  private async folderSet(signal: AbortSignal): Promise<Set<string>> {
    if (this.folders !== undefined && this.now() - this.loadedAt < TREE_TTL_MS) return this.folders;
    const found = new Set<string>([this.rootId]);
    let level = [this.rootId];
    while (level.length > 0) {
      const next: string[] = [];
      for (let i = 0; i < level.length; i += PARENTS_PER_QUERY) {
        const q = `mimeType = '${FOLDER_MIME_TYPE}' and trashed = false and ${inAnyOf(level.slice(i, i + PARENTS_PER_QUERY))}`;
        for await (const f of listFiles(this.client, this.corpus, q, 'id', signal)) {
          if (f.id && !found.has(f.id)) {
            found.add(f.id);
            next.push(f.id);
          }
        }
      }
      level = next;
    }
    this.folders = found;
    this.loadedAt = this.now();
    return found;
  }
}
