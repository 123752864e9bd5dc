import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { ProtocolContent } from '../domain/protocol/schema.js';
import { MessageTemplates } from '../domain/reminders.js';
import { ScreeningRules } from '../domain/screening/rules.js';
import { CONTENT_DIR } from '../paths.js';

/** Reads and validates one JSON content file; the error names the file and the field at fault. */
function readJson<T extends z.ZodType>(file: string, schema: T): z.infer<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data;
}

/** The default protocols shipped in content/protocols, sorted by code. */
export function loadDefaultProtocols(dir = join(CONTENT_DIR, 'protocols')): ProtocolContent[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const protocols = files.map((f) => readJson(join(dir, f), ProtocolContent));
  const codes = protocols.map((p) => p.code);
  const dup = codes.find((c, i) => codes.indexOf(c) !== i);
  if (dup) throw new Error(`${dir}: protocol code ${dup} appears twice`);
  return protocols.sort((a, b) => a.code.localeCompare(b.code));
}

export function loadScreeningRules(file = join(CONTENT_DIR, 'screening-rules.json')): ScreeningRules {
  return readJson(file, ScreeningRules);
}

let templates: MessageTemplates | null = null;
/** The reminder e-mail texts in both languages (content/messages.json), read once. */
export function messageTemplates(): MessageTemplates {
  templates ??= readJson(join(CONTENT_DIR, 'messages.json'), MessageTemplates);
  return templates;
}
