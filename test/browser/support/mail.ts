import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { simpleParser } from 'mailparser';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  /** Every http(s) link in the text. */
  links: string[];
}

async function read(file: string): Promise<ReceivedMail> {
  const parsed = await simpleParser(readFileSync(file));
  const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? '');
  const text = parsed.text ?? '';
  return { to, subject: parsed.subject ?? '', text, links: text.match(/https?:\/\/[^\s<>"]+/g) ?? [] };
}

/**
 * Waits for the worker's file transport to deliver a message to `to` with a link to `linkPath`, and
 * returns that link's path and query (the page to open, wherever the engine thinks the app lives).
 */
export async function waitForMailLink(
  mailDir: string,
  to: string,
  linkPath: string,
  timeoutMs = 60_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const name of readdirSync(mailDir).filter((f) => f.endsWith('.eml'))) {
      const mail = await read(path.join(mailDir, name));
      if (!mail.to.toLowerCase().includes(to.toLowerCase())) continue;
      const link = mail.links.find((l) => new URL(l).pathname === linkPath);
      if (link) {
        const url = new URL(link);
        return `${url.pathname}${url.search}`;
      }
    }
    if (Date.now() > deadline) throw new Error(`no e-mail to ${to} with a ${linkPath} link in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
