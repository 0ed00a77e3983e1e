import { LineCounter, parseDocument, isNode } from 'yaml';
import { parseCsvDoc } from './csv.js';
import { formatOf, OkrFileError, okrDocSchema, pathString, type OkrDoc } from './schema.js';

// The schema and its types live in schema.ts (csv.ts reads them too); this module is the entry point.
export * from './schema.js';
export { CSV_COLUMNS } from './csv.js';

/** Parses and validates a file's text; throws OkrFileError naming file, line/path and problem. */
export function parseOkrText(fileName: string, source: string): OkrDoc {
  const format = formatOf(fileName);
  if (!format)
    throw new OkrFileError([{ where: fileName, message: 'unknown file type: use .yaml, .yml, .json or .csv' }]);
  if (format === 'csv') return parseCsvDoc(fileName, source);

  let data: unknown;
  let lineOf: (path: readonly PropertyKey[]) => number | undefined = () => undefined;
  if (format === 'yaml') {
    const lineCounter = new LineCounter();
    const doc = parseDocument(source, { lineCounter, prettyErrors: false });
    if (doc.errors.length > 0) {
      throw new OkrFileError(
        doc.errors.map((e) => ({
          where: `${fileName}:${lineCounter.linePos(e.pos[0]).line}`,
          message: `YAML syntax: ${e.message.split('\n')[0]}`,
        })),
      );
    }
    data = doc.toJS();
    lineOf = (path) => {
      // Walk up the path until a node with a position is found.
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n) as unknown[], true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    };
  } else {
    try {
      data = JSON.parse(source);
    } catch (e) {
      throw new OkrFileError([{ where: fileName, message: `JSON syntax: ${(e as Error).message}` }]);
    }
  }
  const result = okrDocSchema.safeParse(data);
  if (!result.success) {
    throw new OkrFileError(
      result.error.issues.map((issue) => {
        const line = lineOf(issue.path);
        return {
          where: line ? `${fileName}:${line}` : fileName,
          path: pathString(issue.path) || undefined,
          message: issue.message,
        };
      }),
    );
  }
  return result.data;
}

/** The document through the OKR file's own validation (as JSON): what an import would accept. */
export function asFileWouldBe(doc: OkrDoc): { ok: true; doc: OkrDoc } | { ok: false; error: string } {
  try {
    return { ok: true, doc: parseOkrText('slack.json', JSON.stringify(doc)) };
  } catch (e) {
    if (!(e instanceof OkrFileError)) throw e;
    return { ok: false, error: e.problems.map((p) => p.message).join('; ') };
  }
}
