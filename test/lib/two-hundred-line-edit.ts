// A fixture: a reader’s fencing-token store.ts grown by 200 lines of their own code, for the
// shared-link length budget (unit and e2e tests).
import { readFileSync } from 'node:fs';

const starter = readFileSync(new URL('../../sandboxes/fencing-token/store.ts', import.meta.url), 'utf8');

/** A reader’s store.ts grown by 200 lines of their own checks: varied names, numbers and messages. */
export function twoHundredLineEdit(): string {
  const keys = ['result.csv', 'report.json', 'ledger.db', 'index.html', 'summary.txt'];
  const lines: string[] = [];
  for (let i = 0; lines.length < 200; i++) {
    const key = keys[i % keys.length]!;
    lines.push(
      `// rule ${i + 1}: ${key} keeps its highest token; a write below it is refused (${i * 7 + 3} ms budget)`,
      `function check${i}(put: PutRequest, memory: Map<string, number>): PutResult | null {`,
      `  if (put.key !== '${key}' || put.token === undefined) return null;`,
      `  const seen${i} = memory.get('${key}:${i}') ?? ${i * 13};`,
      `  if (put.token < seen${i}) return { ok: false, reason: \`rule ${i + 1}: token \${put.token} < \${seen${i}}\` };`,
      `  memory.set('${key}:${i}', put.token);`,
      `  return ${i % 3 === 0 ? '{ ok: true }' : 'null'};`,
      '}',
    );
  }
  return `${starter}\n${lines.slice(0, 200).join('\n')}\n`;
}
