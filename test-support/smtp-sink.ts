import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

// A mail server for tests, just enough SMTP for nodemailer: it keeps every message it is handed,
// or, told to stall, accepts connections and never says a word (a mail server that hangs).

export interface SmtpSink {
  url: string;
  /** The raw messages received, in order. */
  messages: string[];
  /** Called when a client connects, before anything is said. */
  onConnect(listener: () => void): void;
  close(): Promise<void>;
}

function converse(socket: Socket, messages: string[]): void {
  let buffer = "";
  let inData = false;
  const say = (line: string) => socket.write(`${line}\r\n`);
  say("220 sink.test ESMTP");
  socket.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    for (;;) {
      if (inData) {
        const end = buffer.indexOf("\r\n.\r\n");
        if (end === -1) return;
        messages.push(buffer.slice(0, end).replace(/\r\n\.\./g, "\r\n."));
        buffer = buffer.slice(end + 5);
        inData = false;
        say("250 2.0.0 queued");
        continue;
      }
      const lineEnd = buffer.indexOf("\r\n");
      if (lineEnd === -1) return;
      const line = buffer.slice(0, lineEnd);
      buffer = buffer.slice(lineEnd + 2);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === "EHLO" || verb === "HELO") say("250 sink.test");
      else if (verb === "DATA") {
        inData = true;
        say("354 go ahead");
      } else if (verb === "QUIT") {
        say("221 bye");
        socket.end();
      } else say("250 ok");
    }
  });
}

export async function startSmtpSink(mode: "accept" | "stall" = "accept"): Promise<SmtpSink> {
  const messages: string[] = [];
  const sockets = new Set<Socket>();
  const listeners: (() => void)[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    for (const listener of listeners) listener();
    if (mode === "accept") converse(socket, messages);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    onConnect: (listener) => listeners.push(listener),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
