import { badRequest } from './api-error.ts';

/** A file part of a multipart request. */
export interface UploadedFile {
  fieldName: string;
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

/**
 * The parameters of one Bot API call, whatever encoding they came in.
 * Query strings, form bodies and multipart fields carry only strings while JSON bodies carry
 * typed values, so every getter accepts both spellings, as Telegram does.
 */
export class Params {
  private readonly values: Record<string, unknown>;
  private readonly files: Map<string, UploadedFile>;

  constructor(values: Record<string, unknown>, files: Map<string, UploadedFile> = new Map()) {
    this.values = values;
    this.files = files;
  }

  has(name: string): boolean {
    const value = this.values[name];
    return value !== undefined && value !== null && value !== '';
  }

  raw(name: string): unknown {
    return this.values[name];
  }

  string(name: string): string | undefined {
    const value = this.values[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw badRequest(`field "${name}" must be of type String`);
  }

  integer(name: string): number | undefined {
    const value = this.values[name];
    if (value === undefined || value === null || value === '') return undefined;
    const number = typeof value === 'string' ? Number(value.trim()) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
      throw badRequest(`field "${name}" must be of type Integer`);
    }
    return number;
  }

  boolean(name: string): boolean | undefined {
    const value = this.values[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (value === true || value === 'true' || value === '1' || value === 1) return true;
    if (value === false || value === 'false' || value === '0' || value === 0) return false;
    throw badRequest(`field "${name}" must be of type Boolean`);
  }

  /** Objects and arrays arrive as JSON strings in form and multipart bodies. */
  json(name: string): unknown {
    const value = this.values[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      throw badRequest(`can't parse ${name} JSON object`);
    }
  }

  /** A file uploaded under this exact field name (`curl -F photo=@a.png` style). */
  file(name: string): UploadedFile | undefined {
    return this.files.get(name);
  }

  /** A file referenced as `attach://<name>`; undefined when the value is not such a reference. */
  attachment(reference: string): UploadedFile | undefined {
    if (!reference.startsWith('attach://')) return undefined;
    const name = reference.slice('attach://'.length);
    const file = this.files.get(name);
    if (!file) throw badRequest(`file "${name}" must be uploaded as a part of the request`);
    return file;
  }

  /** The parameters without file contents, for the call log. */
  summary(): Record<string, unknown> {
    const files = [...this.files.values()].map((file) => `${file.fieldName}:${file.fileName}`);
    return files.length > 0 ? { ...this.values, '(files)': files } : { ...this.values };
  }
}
