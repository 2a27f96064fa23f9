/**
 * A CSV file written in 1 MB blocks with backpressure. Lines are copied into an off-heap Buffer
 * as they are made, so no large JS strings build up: at 10M leads this keeps both memory and
 * garbage-collection time flat (holding chunks of line strings made GC most of the run time).
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";

const BLOCK = 1 << 20;

export class CsvSink {
  private stream: WriteStream;
  private block = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  private full: Buffer[] = [];
  private failed: Error | undefined;

  /** Opens `file` (truncating it) and writes the header line. */
  constructor(file: string, header: string) {
    this.stream = createWriteStream(file);
    // Kept until the next drain: an 'error' with no listener would crash the process (e.g. disk full).
    this.stream.on("error", (e) => (this.failed ??= e));
    this.add(`${header}\n`);
  }

  /** Appends ASCII text (the demo writes no other characters). */
  add(text: string): void {
    if (this.used + text.length > BLOCK) {
      this.full.push(this.block.subarray(0, this.used));
      this.block = Buffer.allocUnsafe(Math.max(BLOCK, text.length));
      this.used = 0;
    }
    this.used += this.block.write(text, this.used, "latin1");
  }

  /** True when filled blocks wait to be written: call {@link drain}. */
  get pending(): boolean {
    return this.full.length > 0;
  }

  /** Writes the filled blocks, waiting while the file's buffer is full. */
  async drain(): Promise<void> {
    for (const b of this.full.splice(0)) {
      if (this.failed) throw this.failed;
      if (!this.stream.write(b)) await once(this.stream, "drain");
    }
  }

  /** Abandons the file after a failure (what was written stays). */
  destroy(): void {
    this.stream.destroy();
  }

  /** Writes what is left and closes the file. */
  async close(): Promise<void> {
    this.full.push(this.block.subarray(0, this.used));
    await this.drain();
    await new Promise<void>((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      this.stream.once("error", reject);
      this.stream.end(() => resolve());
    });
  }
}
