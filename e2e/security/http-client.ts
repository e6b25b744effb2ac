import { request as httpRequest, type IncomingHttpHeaders } from "node:http";

// Raw HTTP as an attacker sends it: any method (fetch refuses TRACE), any bytes, and any source
// address on the loopback network, so that one test process can be many clients to a server
// that trusts no forwarding header.

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Bytes of the request body written before the answer arrived. */
  bytesSentBeforeAnswer: number;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Source address, e.g. 127.0.0.7; the server sees it as the client's. */
  from?: string;
  /** Send the body in chunks of this size, yielding between them, to see when the server answers. */
  chunkSize?: number;
}

let nextClient = 0;

/** A loopback address no other client of this test run has used. */
export function newClientAddress(): string {
  nextClient += 1;
  return `127.${100 + ((nextClient >> 16) & 127)}.${(nextClient >> 8) & 255}.${nextClient & 255 || 1}`;
}

export function send(url: string, options: RawRequest = {}): Promise<Reply> {
  const body = typeof options.body === "string" ? Buffer.from(options.body) : options.body;
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = -1;
    const request = httpRequest(url, { method: options.method ?? "GET", headers: options.headers, localAddress: options.from }, (response) => {
      answered = written;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8"), bytesSentBeforeAnswer: answered }),
      );
      response.on("error", reject);
    });
    // The server may answer and close before a large body is sent: that is the point, not a failure.
    request.on("error", (error) => (answered >= 0 ? undefined : reject(error)));
    if (!body) {
      request.end();
      return;
    }
    const chunkSize = options.chunkSize ?? body.length;
    const writeFrom = (offset: number): void => {
      if (answered >= 0 || request.destroyed) return;
      if (offset >= body.length) {
        request.end();
        return;
      }
      const chunk = body.subarray(offset, offset + chunkSize);
      written += chunk.length;
      request.write(chunk, () => setImmediate(() => writeFrom(offset + chunk.length)));
    };
    writeFrom(0);
  });
}
