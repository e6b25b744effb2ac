// The PostgreSQL wire protocol's few messages the wire server (prisma/pglite-wire-server.ts) writes
// itself, and a reader of the backend's replies that knows when a reply left the session idle.

export const SSL_REQUEST = 80877103;
export const GSS_ENCRYPTION_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;
const IDLE = "I".charCodeAt(0);
const READY_FOR_QUERY = "Z".charCodeAt(0);

export function frontendMessage(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

export const cstring = (text: string) => Buffer.from(`${text}\0`, "utf8");
export const SYNC = frontendMessage("S", Buffer.alloc(0));
export const ROLLBACK = frontendMessage("Q", cstring("ROLLBACK"));
// A turn starts without another connection's unnamed statement, as it would on its own session.
export const FORGET_UNNAMED_STATEMENT = Buffer.concat([frontendMessage("C", Buffer.concat([Buffer.from("S"), cstring("")])), SYNC]);

/** Follows backend message boundaries across output chunks to know whether a reply ended Idle. */
export class ReplyTracker {
  private header: number[] = [];
  private bodyLeft = 0;
  private type = 0;
  private lastBodyByte = 0;
  private lastType = 0;
  private lastStatus = 0;

  /** Each run's reply is whole messages, so nothing carries over from the previous one. */
  reset(): void {
    this.header = [];
    this.bodyLeft = 0;
    this.lastType = 0;
  }

  feed(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.bodyLeft === 0) {
        while (this.header.length < 5 && at < chunk.length) this.header.push(chunk[at++] ?? 0);
        if (this.header.length < 5) return;
        const header = Buffer.from(this.header);
        this.header = [];
        this.type = header.readUInt8(0);
        this.bodyLeft = header.readInt32BE(1) - 4;
        if (this.bodyLeft === 0) this.complete();
      } else {
        const take = Math.min(this.bodyLeft, chunk.length - at);
        at += take;
        this.lastBodyByte = chunk[at - 1] ?? 0;
        this.bodyLeft -= take;
        if (this.bodyLeft === 0) this.complete();
      }
    }
  }

  private complete(): void {
    this.lastType = this.type;
    this.lastStatus = this.lastBodyByte;
  }

  get endedIdle(): boolean {
    return this.lastType === READY_FOR_QUERY && this.lastStatus === IDLE && this.bodyLeft === 0 && this.header.length === 0;
  }
}
