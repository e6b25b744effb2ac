import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

// Reads the .eml files the store writes without SMTP_URL (lib/mail/): enough MIME for what
// nodemailer writes (one multipart/alternative of text and HTML, quoted-printable or base64
// bodies, encoded-word headers), so a test reads a message as its recipient would.

export interface ReadMail {
  file: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Every http(s) link in the text part, in order. */
  links: string[];
}

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.indexOf("\r\n\r\n");
  const head = at === -1 ? raw : raw.slice(0, at);
  const body = at === -1 ? "" : raw.slice(at + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r\n/g, "");
  for (let index = 0; index < soft.length; index += 1) {
    const char = soft[index] ?? "";
    const hex = soft.slice(index + 1, index + 3);
    if (char === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else bytes.push(...Buffer.from(char, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

function decodeBody(body: string, encoding: string | undefined): string {
  const kind = encoding?.toLowerCase();
  if (kind === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (kind === "quoted-printable") return decodeQuotedPrintable(body);
  return body;
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=). */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, kind: string, words: string) =>
      kind.toUpperCase() === "B" ? Buffer.from(words, "base64").toString("utf8") : decodeQuotedPrintable(words.replace(/_/g, " ")),
    );
}

function parts(body: string, contentType: string): { type: string; text: string }[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return [];
  return body
    .split(`--${boundary}`)
    .slice(1)
    .filter((part) => !part.startsWith("--"))
    .map((part) => {
      const { headers, body: partBody } = splitHead(part.replace(/^\r\n/, ""));
      return { type: headers.get("content-type") ?? "", text: decodeBody(partBody.replace(/\r\n$/, ""), headers.get("content-transfer-encoding")) };
    });
}

export function parseEml(raw: string, file = ""): ReadMail {
  const { headers, body } = splitHead(raw);
  const found = parts(body, headers.get("content-type") ?? "");
  const text = found.find((part) => part.type.startsWith("text/plain"))?.text ?? "";
  const html = found.find((part) => part.type.startsWith("text/html"))?.text ?? "";
  return {
    file,
    from: decodeHeader(headers.get("from") ?? ""),
    to: decodeHeader(headers.get("to") ?? ""),
    subject: decodeHeader(headers.get("subject") ?? ""),
    text: text.replace(/\r\n/g, "\n"),
    html,
    links: [...text.matchAll(/https?:\/\/\S+/g)].map((match) => match[0]),
  };
}

/** Every message in `directory` sent to `to` (any kind), oldest first. */
export async function mailTo(directory: string, to: string): Promise<ReadMail[]> {
  const names = await readdir(directory).catch(() => [] as string[]);
  const wanted = names.filter((name) => name.endsWith(".eml")).sort();
  const read = await Promise.all(wanted.map(async (name) => parseEml(await readFile(path.join(directory, name), "utf8"), name)));
  return read.filter((mail) => mail.to.toLowerCase().includes(to.toLowerCase()));
}
