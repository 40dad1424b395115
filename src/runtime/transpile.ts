// TypeScript → JavaScript for the sandboxes, with sucrase: line-preserving, erasable syntax only.
import { transform } from 'sucrase';
import { ReaderFailure, type ReaderError } from '../lib/run-outcome.ts';

/** TypeScript → CommonJS-ish JavaScript with the same line numbers. Throws ReaderFailure('syntax'). */
export function transpileToCjs(path: string, source: string): string {
  try {
    const { code } = transform(source, {
      transforms: ['typescript', 'imports'],
      filePath: path,
      disableESTransforms: true,
      production: true,
    });
    return code.replace(/\bimport\.meta\b/g, '__lf_import_meta');
  } catch (err) {
    throw new ReaderFailure(syntaxError(path, err));
  }
}

/** TypeScript → ESM JavaScript with the same line numbers (for `node` without type stripping). */
export function transpileToEsm(path: string, source: string): string {
  try {
    return transform(source, { transforms: ['typescript'], filePath: path, disableESTransforms: true }).code;
  } catch (err) {
    throw new ReaderFailure(syntaxError(path, err));
  }
}

export function syntaxError(path: string, err: unknown): ReaderError {
  const e = err as { message?: string; loc?: { line: number; column: number } };
  const raw = String(e?.message ?? err);
  const m = /\((\d+):(\d+)\)\s*$/.exec(raw);
  const line = e?.loc?.line ?? (m ? Number(m[1]) : undefined);
  const column = e?.loc?.column ?? (m ? Number(m[2]) : undefined);
  const text = raw.replace(/\s*\(\d+:\d+\)\s*$/, '').replace(/^Error transforming [^:]*: /, '');
  return {
    kind: 'syntax',
    message: `${line ? `${path.split('/').pop()}:${line}: ` : ''}SyntaxError: ${text}`,
    file: path,
    ...(line ? { line } : {}),
    ...(column !== undefined ? { column: column + 1 } : {}),
  };
}
