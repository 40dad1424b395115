// npm run new-lesson -- <slug> [--title "…"]: writes lessons/<slug>/index.mdx with every section and one
// example of each component, the next free `order`, and TODO(lesson) placeholders that
// npm run check:lessons refuses until they are replaced. The text itself: src/check/scaffold.ts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lessonFiles } from '../src/check/lessons-on-disk.ts';
import { nextFreeOrder, scaffoldLesson, SLUG } from '../src/check/scaffold.ts';

const args = process.argv.slice(2);
const titleAt = args.indexOf('--title');
const title = titleAt >= 0 ? args[titleAt + 1] : undefined;
const slug = args.find((a, i) => !a.startsWith('--') && (titleAt < 0 || i !== titleAt + 1));

function fail(message: string): never {
  console.error(`new-lesson: ${message}`);
  process.exit(1);
}

if (!slug)
  fail(
    'name the lesson: npm run new-lesson -- <slug> [--title "Lease renewal"] (the slug is its URL: /lessons/<slug>/)',
  );
if (!SLUG.test(slug)) fail(`"${slug}" is not a usable slug: use lowercase words joined by dashes, e.g. lease-renewal`);
if (titleAt >= 0 && !title?.trim()) fail('--title needs a value, e.g. --title "Lease renewal"');
const root = process.cwd();
const file = join('lessons', slug, 'index.mdx');
if (existsSync(join(root, file))) fail(`${file} already exists; pick another slug or edit that lesson`);

const orders = lessonFiles(root).map((f) =>
  Number(/^order:\s*(\d+)\s*$/m.exec(readFileSync(join(root, f), 'utf8'))?.[1] ?? NaN),
);
const order = nextFreeOrder(orders.filter(Number.isFinite));
mkdirSync(join(root, 'lessons', slug), { recursive: true });
writeFileSync(join(root, file), scaffoldLesson({ slug, title, order }));
console.log(`wrote ${file} (order ${order})
Next: replace every TODO(lesson) (npm run check:lessons -- ${file} lists them with their lines),
preview with npm run dev at http://localhost:4321/lessons/${slug}/, and read CONTRIBUTING.md.`);
