import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import { CANCEL_REQUEST, cstring, FORGET_UNNAMED_STATEMENT, frontendMessage, GSS_ENCRYPTION_REQUEST, ReplyTracker, ROLLBACK, SSL_REQUEST, SYNC } from "@/prisma/wire-protocol";

// PGlite has one backend session, and every client connection is fed into it. The wire protocol
// keeps state in that session between messages: the unnamed statement and portal live from Parse
// to Sync, and a transaction lives from BEGIN to COMMIT. @electric-sql/pglite-socket 0.2.17 hands
// the session to another connection after any single message unless IsTransactionBlock() is true,
// which it is not inside an extended-protocol batch; when a large Bind arrives in several TCP
// chunks, another connection's Parse lands in between and Prisma gets `portal "" does not exist`
// or `unnamed prepared statement does not exist`.
//
// So here a connection takes the session for a whole turn, and gives it back only when the
// backend answers ReadyForQuery with status Idle: after the Sync that ends a batch outside a
// transaction, or after COMMIT/ROLLBACK. Other connections queue until then, so nothing they send
// lands inside another's batch or transaction.


class Connection {
  private static nextId = 1;
  readonly id = Connection.nextId++;
  private input = Buffer.alloc(0);
  private started = false;
  /** Batches of complete messages, each run in one call into PGlite. */
  readonly pending: Buffer[] = [];
  /** Client statement names → names unique to this connection in the shared session. */
  readonly statements = new Map<string, string>();
  closed = false;

  constructor(readonly socket: net.Socket) {}

  /** Splits received bytes into messages; answers what needs no session itself. */
  receive(data: Buffer): void {
    this.input = Buffer.concat([this.input, data]);
    const batch: Buffer[] = [];
    while (!this.started && this.input.length >= 8) {
      const length = this.input.readInt32BE(0);
      if (this.input.length < length) return;
      const message = this.input.subarray(0, length);
      this.input = this.input.subarray(length);
      const code = message.readInt32BE(4);
      if (code === SSL_REQUEST || code === GSS_ENCRYPTION_REQUEST) {
        this.socket.write("N");
      } else if (code === CANCEL_REQUEST) {
        // PGlite runs each message to completion, so there is never a running query to cancel.
        this.socket.end();
        return;
      } else {
        this.started = true;
        this.pending.push(Buffer.from(message));
      }
    }
    while (this.started && this.input.length >= 5) {
      const length = this.input.readInt32BE(1) + 1;
      if (this.input.length < length) break;
      const message = this.input.subarray(0, length);
      this.input = this.input.subarray(length);
      if (message.readUInt8(0) === "X".charCodeAt(0)) {
        this.socket.end();
        break;
      }
      batch.push(this.isolateStatementName(message));
    }
    if (batch.length > 0) this.pending.push(Buffer.concat(batch));
  }

  private alias(name: string): string {
    if (name === "") return name;
    let alias = this.statements.get(name);
    if (!alias) {
      alias = `c${this.id}s${this.statements.size}`;
      this.statements.set(name, alias);
    }
    return alias;
  }

  /**
   * Named prepared statements outlive turns in the one session, so two connections preparing
   * "s1" would collide; each connection's names are mapped to its own.
   */
  private isolateStatementName(message: Buffer): Buffer {
    const type = String.fromCharCode(message.readUInt8(0));
    let nameStart: number;
    if (type === "P") nameStart = 5;
    else if (type === "B") nameStart = message.indexOf(0, 5) + 1;
    else if ((type === "D" || type === "C") && message.readUInt8(5) === "S".charCodeAt(0)) nameStart = 6;
    else return message;
    const nameEnd = message.indexOf(0, nameStart);
    const name = message.toString("utf8", nameStart, nameEnd);
    if (name === "") return message;
    return frontendMessage(type, Buffer.concat([message.subarray(5, nameStart), cstring(this.alias(name)), message.subarray(nameEnd + 1)]));
  }
}

export interface WireServer {
  stop(): Promise<void>;
}

/** Serves db over the PostgreSQL wire protocol, one connection's turn at a time. */
export async function serveOverWire(db: PGlite, options: { host: string; port: number }): Promise<WireServer> {
  const connections = new Set<Connection>();
  const waiting: Connection[] = [];
  const reply = new ReplyTracker();
  let owner: Connection | null = null;
  /** The connection whose messages the session last ran; its unnamed statement is still there. */
  let lastToRun: Connection | null = null;
  /** Whether the owner is inside a batch or transaction, so the turn is still its. */
  let midTurn = false;
  let driving: Promise<void> | null = null;
  let stopped = false;

  /** Runs bytes in the session; returns whether the backend ended up idle, outside any transaction. */
  async function run(bytes: Buffer, socket: net.Socket | null): Promise<boolean> {
    reply.reset();
    await db.runExclusive(() =>
      db.execProtocolRawStream(bytes, {
        onRawData: (data) => {
          reply.feed(data);
          if (socket?.writable) socket.write(Buffer.from(data));
        },
      }),
    );
    return reply.endedIdle;
  }

  /** What a server does when a client goes away: its transaction is rolled back, its statements dropped. */
  async function cleanUp(connection: Connection, holdsTurn: boolean): Promise<void> {
    if (holdsTurn) {
      // ROLLBACK ends an explicit or implicit transaction; if the backend is skipping messages
      // after an error it ignores it, and the Sync ends the skipping; a failed explicit
      // transaction then still needs its ROLLBACK.
      await run(Buffer.concat([ROLLBACK, SYNC]), null);
      if (!reply.endedIdle) await run(ROLLBACK, null);
    }
    if (connection.statements.size > 0) {
      const closes = [...connection.statements.values()].map((name) => frontendMessage("C", Buffer.concat([Buffer.from("S"), cstring(name)])));
      await run(Buffer.concat([...closes, SYNC]), null);
    }
  }

  async function drive(): Promise<void> {
    while (!stopped) {
      if (!owner) {
        owner = waiting.shift() ?? null;
        if (!owner) return;
      }
      const connection: Connection = owner;
      const batch = connection.pending.shift();
      if (!batch) {
        // The owner is inside a batch or transaction and its client has not sent the rest yet.
        if (!connection.closed) return;
        await cleanUp(connection, midTurn);
        if (lastToRun === connection) lastToRun = null;
        owner = null;
        midTurn = false;
        continue;
      }
      try {
        if (lastToRun !== connection) await run(FORGET_UNNAMED_STATEMENT, null);
        lastToRun = connection;
        midTurn = !(await run(batch, connection.socket));
      } catch (error) {
        console.error(`embedded database: connection ${connection.id} failed`, error);
        connection.closed = true;
        connection.pending.length = 0;
        connection.socket.destroy();
        // Where the failed run left the session is unknown, so it is cleaned up as if mid-transaction.
        midTurn = true;
        continue;
      }
      if (!midTurn) {
        owner = null;
        if (connection.pending.length > 0 || connection.closed) waiting.push(connection);
      }
    }
  }

  function wake(): void {
    driving ??= drive().finally(() => {
      driving = null;
      // Work may have arrived after the loop decided to return.
      if (!stopped && (owner ? owner.pending.length > 0 || owner.closed : waiting.length > 0)) wake();
    });
  }

  function enqueue(connection: Connection): void {
    if (owner !== connection && !waiting.includes(connection)) waiting.push(connection);
    wake();
  }

  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    const connection = new Connection(socket);
    connections.add(connection);
    socket.on("data", (data) => {
      if (connection.closed) return;
      connection.receive(data);
      if (connection.pending.length > 0) enqueue(connection);
    });
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      connections.delete(connection);
      if (stopped || connection.closed) return;
      // Whatever it sent before going runs, as a server would; then its session state is undone.
      connection.closed = true;
      enqueue(connection);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });

  return {
    async stop() {
      stopped = true;
      for (const connection of connections) connection.socket.destroy();
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), driving]);
    },
  };
}
