// The lesson checker: reads lessons' MDX (with Sätteri, the parser the build uses), validates the
// frontmatter with the build's schema and every component's props with the components' own schemas,
// and checks what no schema can see (links, anchors, unsafe HTML, duplicate orders and quiz ids,
// marks without notes, scaffold placeholders). Used by `npm run check:lessons` and by the build
// (src/check/integration.ts), so the two cannot disagree. Node-only (the native parser).
import { mdxToMdast } from 'satteri';
import { load as loadYaml } from 'js-yaml';
import { createRequire } from 'node:module';
import { parseExpression } from '@babel/parser';
import GithubSlugger from 'github-slugger';
import { lessonSchema } from '../lib/lesson-schema.ts';
import {
  componentSchemas,
  LESSON_COMPONENTS,
  propPath,
  propProblems,
  QUIZ_ID,
  type LessonComponent,
} from '../lib/component-props.ts';
import { snippetWithCodeProps, type MdNode } from '../lib/snippet-code-plugin.ts';
import { prepareCode } from '../lib/code.ts';

/** The marker the scaffold (npm run new-lesson) leaves wherever the author must write something. */
export const PLACEHOLDER = 'TODO(lesson)';

export interface Problem {
  file: string;
  line: number;
  col: number;
  message: string;
  /** 'placeholder': scaffold text left in; fails the checker, only warns in a local build. */
  severity: 'error' | 'placeholder';
}

export interface LessonInput {
  /** Path as printed, e.g. lessons/leader-election/index.mdx. */
  file: string;
  /** The URL slug: lessons/<slug>/index.mdx. */
  slug: string;
  source: string;
}

export interface CheckContext {
  sandboxIds: readonly string[];
  /**
   * The site's pages other than lessons, as URL paths ('/', '/lab/', ...): a root link to anything else is
   * reported. Without it, such links are not checked.
   */
  sitePages?: readonly string[];
}

// ---------- positions ----------

type Pos = { line: number; col: number };
interface Located {
  position?: { start: { line: number; column: number; offset?: number }; end?: { offset?: number } };
}
const at = (n: Located | undefined): Pos => ({
  line: n?.position?.start.line ?? 1,
  col: n?.position?.start.column ?? 1,
});

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') starts.push(i + 1);
  return starts;
}
function posOf(starts: number[], offset: number): Pos {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo]! + 1 };
}

// ---------- literal props ----------

const NOT_LITERAL = Symbol('not a literal');
type BabelNode = { type: string; start?: number | null; [k: string]: unknown };

/** The value of a literal expression (strings, numbers, lists, objects); NOT_LITERAL for anything computed. */
function literal(node: BabelNode): unknown {
  switch (node.type) {
    case 'StringLiteral':
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return node.value;
    case 'NullLiteral':
      return null;
    case 'TemplateLiteral': {
      const quasis = node.quasis as { value: { cooked: string } }[];
      return (node.expressions as unknown[]).length ? NOT_LITERAL : quasis[0]!.value.cooked;
    }
    case 'UnaryExpression': {
      const v = literal(node.argument as BabelNode);
      return node.operator === '-' && typeof v === 'number' ? -v : NOT_LITERAL;
    }
    case 'Identifier':
      return node.name === 'undefined' ? undefined : NOT_LITERAL;
    case 'ArrayExpression': {
      const out = (node.elements as (BabelNode | null)[]).map((e) => (e ? literal(e) : undefined));
      return out.includes(NOT_LITERAL) ? NOT_LITERAL : out;
    }
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const p of node.properties as BabelNode[]) {
        if (p.type !== 'ObjectProperty' || p.computed) return NOT_LITERAL;
        const key = p.key as BabelNode;
        const name =
          key.type === 'Identifier'
            ? (key.name as string)
            : key.type === 'StringLiteral'
              ? (key.value as string)
              : null;
        if (name === null) return NOT_LITERAL;
        const v = literal(p.value as BabelNode);
        if (v === NOT_LITERAL) return NOT_LITERAL;
        out[name] = v;
      }
      return out;
    }
    default:
      return NOT_LITERAL;
  }
}

/** The node at a Zod path inside a literal expression (deepest one found), for its line. */
function nodeAt(node: BabelNode, path: (string | number)[]): BabelNode {
  let cur = node;
  for (const key of path) {
    if (typeof key === 'number' && cur.type === 'ArrayExpression') {
      const next = (cur.elements as (BabelNode | null)[])[key];
      if (!next) break;
      cur = next;
    } else if (typeof key === 'string' && cur.type === 'ObjectExpression') {
      const prop = (cur.properties as BabelNode[]).find((p) => {
        const k = p.key as BabelNode | undefined;
        return k && (k.name === key || k.value === key);
      });
      if (!prop) break;
      cur = prop;
    } else break;
  }
  return cur;
}

interface Attr {
  name: string;
  value: unknown;
  /** Offset of the attribute name in the file. */
  offset: number;
  expr?: { node: BabelNode; offset: number };
}

/** The element's attributes with values and offsets (the parser gives attributes no positions). */
function readAttributes(
  el: MdNode & Located,
  source: string,
  problems: (p: Pos, m: string) => void,
  starts: number[],
): Attr[] {
  const start = el.position?.start.offset ?? 0;
  let cursor = start + 1 + (el.name?.length ?? 0);
  const out: Attr[] = [];
  for (const a of el.attributes ?? []) {
    if (a.type !== 'mdxJsxAttribute' || !a.name) {
      problems(posOf(starts, cursor), 'spread attributes ({...x}) are not allowed in lessons: write each prop out');
      continue;
    }
    const re = new RegExp(`(^|[\\s{}"'])${a.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[\\s=/>]|$)`, 'g');
    re.lastIndex = cursor;
    const m = re.exec(source);
    const offset = m ? m.index + m[1]!.length : cursor;
    cursor = offset + a.name.length;
    const raw = a.value;
    if (raw === null || raw === undefined) {
      out.push({ name: a.name, value: true, offset });
    } else if (typeof raw === 'string') {
      out.push({ name: a.name, value: raw, offset });
      cursor = source.indexOf(raw, cursor) >= 0 ? source.indexOf(raw, cursor) + raw.length : cursor;
    } else {
      const expression = (raw as { value?: unknown }).value; // an {expression} value: its source text
      const code = typeof expression === 'string' ? expression : '';
      const exprOffset = source.indexOf(code, cursor);
      cursor = exprOffset >= 0 ? exprOffset + code.length : cursor;
      try {
        const node = parseExpression(code) as unknown as BabelNode;
        out.push({
          name: a.name,
          value: literal(node),
          offset,
          expr: { node, offset: exprOffset >= 0 ? exprOffset : offset },
        });
      } catch (e) {
        problems(
          posOf(starts, offset),
          `${a.name}={…} is not a valid expression: ${(e as Error).message.replace(/\s*\(\d+:\d+\)$/, '')}`,
        );
      }
    }
  }
  return out;
}

// The position-keeping YAML parser, loaded only when a frontmatter has a problem to locate (or a " #" to vet).
type YamlModule = typeof import('yaml');
type YamlDocument = ReturnType<YamlModule['parseDocument']>;
let yamlModule: YamlModule | undefined;
const loadYamlDocuments = (): YamlModule => (yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule);

// ---------- one lesson ----------

export interface LessonFacts {
  input: LessonInput;
  order?: { value: number; pos: Pos };
  anchors: Set<string>;
  links: { url: string; pos: Pos }[];
  problems: Problem[];
}

const UNSAFE_ELEMENTS = new Set([
  'script',
  'iframe',
  'style',
  'object',
  'embed',
  'frame',
  'frameset',
  'base',
  'meta',
  'link',
  'form',
  'noscript',
  'template',
]);
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'srcset', 'cite', 'data']);
const UNSAFE_URL = /^(?:javascript|vbscript|data):/i;
/** Browsers ignore tabs, newlines and other control characters inside a URL's scheme: so does the check. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const isUnsafeUrl = (url: string) => UNSAFE_URL.test(url.replace(/[\u0000-\u0020]/g, ''));
const UNSAFE_IN_CODE =
  /<\s*(?:script|iframe|style|object|embed)\b|\bon[a-z]+\s*=|javascript\s*:|dangerouslySetInnerHTML|set:html/i;

function textOf(node: MdNode): string {
  if (typeof node.value === 'string' && (node.type === 'text' || node.type === 'inlineCode')) return node.value;
  return (node.children ?? []).map(textOf).join('');
}

function frontmatterProblems(
  yamlNode: (MdNode & Located) | undefined,
  starts: number[],
  source: string,
  report: (p: Pos, m: string) => void,
) {
  if (!yamlNode) {
    report(
      { line: 1, col: 1 },
      'the lesson has no frontmatter: start the file with --- title: …, crux: …, goal: …, altitude: …, order: …, tags: …, sources: … --- (see CONTRIBUTING.md)',
    );
    return undefined;
  }
  const text = yamlNode.value ?? '';
  const base =
    (yamlNode.position?.start.offset ?? 0) + source.slice(yamlNode.position?.start.offset ?? 0).indexOf('\n') + 1;
  let data: unknown;
  try {
    data = loadYaml(text);
  } catch (e) {
    const mark = (e as { mark?: { position?: number } }).mark;
    report(
      posOf(starts, base + (mark?.position ?? 0)),
      `the frontmatter is not valid YAML: ${(e as { reason?: string }).reason ?? (e as Error).message} (quote values that contain ": " or start with a quote)`,
    );
    return undefined;
  }
  // Positions come from a second, position-keeping parse, made only when needed.
  let parsed: YamlDocument | undefined;
  const document = () => (parsed ??= loadYamlDocuments().parseDocument(text));
  const offsetAt = (path: (string | number)[]): number => {
    for (let n = path.length; n > 0; n--) {
      const node: unknown = document().getIn(path.slice(0, n), true);
      if (loadYamlDocuments().isNode(node) && node.range) return node.range[0];
      // A missing key: point at its parent's key.
    }
    return 0;
  };
  const r = lessonSchema.safeParse(data ?? {});
  if (!r.success) {
    for (const issue of r.error.issues) {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      if (keys.length) {
        for (const k of keys) {
          const pair = (
            document().contents as { items?: { key: { value?: unknown; range?: number[] } }[] } | null
          )?.items?.find((p) => p.key?.value === k);
          report(posOf(starts, base + (pair?.key.range?.[0] ?? 0)), `frontmatter: ${issue.message}`);
        }
        continue;
      }
      const field = path.length ? `"${propPath(path)}": ` : '';
      const msg = issue.message.startsWith('"') ? issue.message : `${field}${issue.message}`;
      report(posOf(starts, base + offsetAt(path)), `frontmatter: ${msg}`);
    }
  }
  // YAML reads " #" in an unquoted value as the start of a comment and drops the rest of the line: a source
  // titled `etcd issue #11456, “…”` silently became "etcd issue". A comment written as one has a space after
  // the "#" (`altitude: middle # who it is for`, as the scaffold writes); "#11456" is a cut value.
  if (/[ \t]#/.test(text)) {
    const Y = loadYamlDocuments();
    Y.visit(document(), {
      Scalar(_key, node) {
        if (node.type !== 'PLAIN' || typeof node.value !== 'string' || !node.range) return;
        if (!node.comment || /^\s/.test(node.comment)) return;
        report(
          posOf(starts, base + node.range[0]),
          `frontmatter: "${node.value}" is followed by "#${node.comment}", which YAML reads as a comment and drops: put the whole value in quotes`,
        );
      },
    });
  }
  const order = (data as { order?: unknown } | null)?.order;
  if (typeof order !== 'number') return undefined;
  const line = /^order:[ \t]*/m.exec(text);
  return { value: order, pos: posOf(starts, base + (line ? line.index + line[0].length : offsetAt(['order']))) };
}

// Building Zod schemas costs far more than using them: one set per list of sandbox ids.
const schemaCache = new Map<string, ReturnType<typeof componentSchemas>>();
function schemasFor(ids: readonly string[]) {
  const key = ids.join('\n');
  let schemas = schemaCache.get(key);
  if (!schemas) schemaCache.set(key, (schemas = componentSchemas(ids)));
  return schemas;
}

/** Parses one lesson and checks everything that needs only this lesson. */
export function checkLesson(input: LessonInput, ctx: CheckContext): LessonFacts {
  const { file, source } = input;
  const problems: Problem[] = [];
  const facts: LessonFacts = { input, anchors: new Set(['goal', 'sources', 'main']), links: [], problems };
  const report = (p: Pos, message: string, severity: Problem['severity'] = 'error') =>
    problems.push({ file, line: p.line, col: p.col, message, severity });
  const starts = lineStarts(source);

  // Placeholders from the scaffold, wherever they are (frontmatter included).
  source.split('\n').forEach((text, i) => {
    let from = text.indexOf(PLACEHOLDER);
    while (from >= 0) {
      const excerpt = text
        .slice(from, from + 60)
        .split(/["'`]/)[0]!
        .replace(/[\s,]+$/, '');
      report(
        { line: i + 1, col: from + 1 },
        `placeholder left from the scaffold: replace "${excerpt}${text.length > from + 60 ? '…' : ''}" with the lesson's own text`,
        'placeholder',
      );
      from = text.indexOf(PLACEHOLDER, from + 1);
    }
  });

  let tree: MdNode & Located;
  try {
    tree = mdxToMdast(source, {}) as unknown as MdNode & Located;
  } catch (e) {
    const m = /^(\d+):(\d+):\s*([\s\S]*)$/.exec((e as Error).message);
    report(
      m ? { line: Number(m[1]), col: Number(m[2]) } : { line: 1, col: 1 },
      `MDX syntax error: ${m ? m[3] : (e as Error).message}. In MDX, "<" and "{" start JSX and expressions: write &lt; and \\{ in prose, close every tag, and put code in backticks`,
    );
    return facts;
  }

  const children = tree.children ?? [];
  facts.order = frontmatterProblems(
    children.find((c) => c.type === 'yaml') as (MdNode & Located) | undefined,
    starts,
    source,
    report,
  );

  const schemas = schemasFor(ctx.sandboxIds);
  const slugger = new GithubSlugger();
  const quizIds = new Map<string, Pos>();
  const sandboxes = new Map<string, Pos>();
  const explores: { id: string; pos: Pos }[] = [];

  const checkUrl = (url: string, pos: Pos, what: string) => {
    if (isUnsafeUrl(url))
      report(
        pos,
        `unsafe ${what} URL "${url.slice(0, 40)}": lessons may link only to http(s) pages, other lessons (/lessons/<slug>/), the site's pages (/lab/) or #anchors`,
      );
    else facts.links.push({ url, pos });
  };

  const visit = (node: MdNode & Located) => {
    const pos = at(node);
    switch (node.type) {
      case 'heading':
        facts.anchors.add(slugger.slug(textOf(node)));
        break;
      case 'link':
      case 'image':
      case 'definition':
        checkUrl(String((node as { url?: string }).url ?? ''), pos, node.type === 'image' ? 'image' : 'link');
        break;
      case 'html':
        if (/<\s*(script|iframe|style|object|embed)\b|\son\w+\s*=|javascript:/i.test(node.value ?? ''))
          report(
            pos,
            'unsafe HTML: lessons may not contain <script>, <iframe>, <style>, on…= handlers or javascript: URLs; use the lesson components instead',
          );
        break;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement':
        // A number in a sentence, alone on its line, is a block to MDX: the sentence is split in two there.
        if (node.type === 'mdxJsxFlowElement' && node.name === 'ExploreCount')
          report(
            pos,
            '<ExploreCount> stands on a line of its own, so MDX makes it a block and splits its sentence into two paragraphs: put it on the same line as the words before it',
          );
        jsxElement(node, pos);
        break;
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
      case 'mdxjsEsm':
        // JSX written inside {…} or an export is not seen as elements: refuse the same things in its text.
        if (UNSAFE_IN_CODE.test((node.value ?? '').replace(/\/\*[\s\S]*?\*\//g, '')))
          report(
            pos,
            'unsafe HTML inside {…} or an export: lessons may not create <script>, <iframe>, <style>, on…= handlers, javascript: URLs or raw HTML; use the lesson components instead',
          );
        break;
    }
    for (const c of node.children ?? []) visit(c as MdNode & Located);
  };

  const jsxElement = (node: MdNode & Located, pos: Pos) => {
    const name = node.name ?? '';
    if (!name) return; // a fragment <>…</>
    const attrs = readAttributes(node, source, (p, m) => report(p, m), starts);
    const isComponent = /^[A-Z]/.test(name) || name.includes('.');
    if (!isComponent) {
      if (UNSAFE_ELEMENTS.has(name.toLowerCase())) {
        report(
          pos,
          `unsafe HTML: <${name}> is not allowed in a lesson (it would run or restyle in readers' browsers); use the lesson components (Snippet, Quiz, Sandbox …) instead`,
        );
      }
      for (const a of attrs) {
        const p = posOf(starts, a.offset);
        if (/^on/i.test(a.name))
          report(
            p,
            `unsafe HTML: event handler ${a.name}= is not allowed in a lesson; interactive parts belong in components`,
          );
        else if (a.name === 'dangerouslySetInnerHTML' || a.name === 'set:html')
          report(p, `unsafe HTML: ${a.name} is not allowed in a lesson`);
        else if (URL_ATTRS.has(a.name.toLowerCase()) && typeof a.value === 'string') checkUrl(a.value, p, `${a.name}=`);
        if (a.name === 'id' && typeof a.value === 'string') facts.anchors.add(a.value);
      }
      return;
    }
    if (!(LESSON_COMPONENTS as readonly string[]).includes(name)) {
      const known = LESSON_COMPONENTS.filter((c) => c !== 'Altitude' && c !== 'ReadingTime');
      const near = known.find(
        (c) => c.toLowerCase() === name.toLowerCase() || editDistance(c.toLowerCase(), name.toLowerCase()) <= 2,
      );
      report(
        pos,
        `unknown component <${name}>${near ? `: did you mean <${near}>?` : ''} Lessons can use ${known.join(', ')} without importing them`,
      );
      return;
    }
    const component = name as LessonComponent;
    let el: MdNode = node;
    if (component === 'Snippet') {
      try {
        el = snippetWithCodeProps(node, file);
      } catch (e) {
        const m = /:(\d+): ([\s\S]*)$/.exec((e as Error).message);
        report(m ? { line: Number(m[1]), col: 1 } : pos, m ? m[2]! : (e as Error).message);
      }
    }
    const props: Record<string, unknown> = {};
    const computed = new Set<string>();
    for (const a of attrs) {
      if (a.value === NOT_LITERAL) computed.add(a.name);
      else props[a.name] = a.value;
    }
    for (const a of el.attributes ?? []) {
      if ((a.name === 'go' || a.name === 'ts') && typeof a.value === 'string' && !(a.name in props))
        props[a.name] = a.value;
    }
    const schema = schemas[component];
    if (schema) {
      for (const pr of propProblems(schema, props)) {
        const [prop, ...rest] = pr.path;
        if (typeof prop === 'string' && computed.has(prop)) continue; // computed at build time: the component checks it
        const attr = attrs.find((a) => a.name === prop);
        let p = pos;
        if (attr?.expr && rest.length) p = posOf(starts, attr.expr.offset + (nodeAt(attr.expr.node, rest).start ?? 0));
        else if (attr) p = posOf(starts, attr.offset);
        else if (component === 'Snippet' && (prop === 'go' || prop === 'ts')) p = pos;
        const label = pr.path.length ? `${propPath(pr.path)} ` : '';
        report(p, `<${component}${idHint(props)}> ${label}${pr.message}`);
      }
    }
    if (component === 'Quiz' && typeof props.id === 'string' && QUIZ_ID.test(props.id)) {
      const first = quizIds.get(props.id);
      if (first)
        report(
          pos,
          `duplicate quiz id "${props.id}" (also at line ${first.line}): two quizzes with one id share their answers; give each <Quiz> its own id`,
        );
      else quizIds.set(props.id, pos);
    }
    if (component === 'Sandbox' && typeof props.id === 'string') {
      const first = sandboxes.get(props.id);
      if (first)
        report(
          pos,
          `<Sandbox id="${props.id}"> appears twice (also at line ${first.line}): a sandbox can be on a page once`,
        );
      else sandboxes.set(props.id, pos);
      facts.anchors.add(`replay-${props.id}`);
    }
    if (component === 'Explore' && typeof props.sandbox === 'string') explores.push({ id: props.sandbox, pos });
    if (component === 'Snippet') marksWithoutNotes(node, props, report);
  };

  for (const c of children) visit(c as MdNode & Located);

  for (const x of explores) {
    if (ctx.sandboxIds.includes(x.id) && !sandboxes.has(x.id)) {
      report(
        x.pos,
        `<Explore sandbox="${x.id}"> has no <Sandbox id="${x.id}"> on this page: the panel runs the reader's edits from that sandbox; add <Sandbox id="${x.id}" /> before it`,
      );
    } else if (sandboxes.has(x.id) && sandboxes.get(x.id)!.line > x.pos.line) {
      report(
        x.pos,
        `<Explore sandbox="${x.id}"> comes before its <Sandbox id="${x.id}"> (line ${sandboxes.get(x.id)!.line}): it says it runs "the sandbox above"; move it below the sandbox`,
      );
    }
  }
  return facts;
}

const idHint = (props: Record<string, unknown>) =>
  typeof props.id === 'string'
    ? ` id="${props.id}"`
    : typeof props.sandbox === 'string'
      ? ` sandbox="${props.sandbox}"`
      : typeof props.title === 'string'
        ? ` title="${props.title.slice(0, 40)}"`
        : '';

/** `// [!mark N]` in a Snippet's code with no notes entry N. */
function marksWithoutNotes(el: MdNode, props: Record<string, unknown>, report: (p: Pos, m: string) => void) {
  const notes = Array.isArray(props.notes) ? props.notes : [];
  const fences = (el.children ?? []).filter((c) => c.type === 'code') as (MdNode & Located)[];
  for (const fence of fences) {
    const raw = (fence.value ?? '').split('\n');
    const { marks } = prepareCode(fence.value ?? '');
    // prepareCode drops leading blank lines; map its 1-based lines back to the fence's lines.
    const skipped = raw.findIndex((l) => l.trim() !== '');
    let highest = 0; // the highest mark number met so far, reading the code top down
    for (const [line, n] of [...marks].sort(([a], [b]) => a - b)) {
      const fileLine = (fence.position?.start.line ?? 1) + Math.max(skipped, 0) + line;
      if (n > 0 && !notes[n - 1]) {
        report(
          { line: fileLine, col: 1 },
          `[!mark ${n}] has no note ${n}: add a ${ordinal(n)} entry to this <Snippet>'s notes={[…]} explaining the marked line (it has ${notes.length})`,
        );
      }
      // A reader meets the callouts top down: ② above ① reads as a mistake.
      if (n > 0 && n < highest)
        report(
          { line: fileLine, col: 1 },
          `[!mark ${n}] comes after [!mark ${highest}] in the code: number the marks in the order the code shows them (and the notes={[…]} to match)`,
        );
      highest = Math.max(highest, n);
    }
  }
}
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
const ordinal = (n: number) => (n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`);

// ---------- across lessons ----------

const LESSON_LINK = /^\/lessons\/([^/#?]+)\/?(?:[?][^#]*)?(?:#(.*))?$/;

/** Checks lessons together: each one alone (checkOne: the build's is cached), then orders, links and anchors across them. */
export function checkLessons(
  inputs: LessonInput[],
  ctx: CheckContext,
  checkOne: typeof checkLesson = checkLesson,
): Problem[] {
  const all = inputs.map((i) => checkOne(i, ctx));
  const bySlug = new Map(all.map((f) => [f.input.slug, f]));
  const problems = all.flatMap((f) => f.problems);
  const report = (f: LessonFacts, p: Pos, message: string) =>
    problems.push({ file: f.input.file, line: p.line, col: p.col, message, severity: 'error' });

  const byOrder = new Map<number, LessonFacts[]>();
  for (const f of all) if (f.order) byOrder.set(f.order.value, [...(byOrder.get(f.order.value) ?? []), f]);
  const used = [...byOrder.keys()];
  const free = Math.max(0, ...used) + 1;
  for (const [order, same] of byOrder) {
    if (same.length < 2) continue;
    for (const f of same) {
      const others = same
        .filter((o) => o !== f)
        .map((o) => o.input.file)
        .join(', ');
      report(
        f,
        f.order!.pos,
        `duplicate order ${order} (also ${others}): lessons would silently swap places and change previous/next; use a free order, e.g. order: ${free}`,
      );
    }
  }

  for (const f of all) {
    for (const { url, pos } of f.links) {
      if (url.startsWith('#')) {
        const anchor = decodeURIComponent(url.slice(1));
        if (anchor && !f.anchors.has(anchor))
          report(
            f,
            pos,
            `link to #${anchor}: no heading or element on this page has that id (headings: ${[...f.anchors]
              .filter((a) => a !== 'main')
              .slice(0, 8)
              .map((a) => `#${a}`)
              .join(', ')})`,
          );
        continue;
      }
      const m = LESSON_LINK.exec(url);
      if (m) {
        const target = bySlug.get(m[1]!);
        if (!target) {
          report(
            f,
            pos,
            `link to ${url}: there is no lesson "${m[1]}" (lessons: ${[...bySlug.keys()].join(', ')}); lesson URLs are /lessons/<folder name>/`,
          );
        } else if (m[2] && !target.anchors.has(decodeURIComponent(m[2]))) {
          report(
            f,
            pos,
            `link to ${url}: lesson "${m[1]}" has no #${m[2]} (its headings: ${[...target.anchors]
              .filter((a) => a !== 'main')
              .slice(0, 8)
              .map((a) => `#${a}`)
              .join(', ')})`,
          );
        }
      } else if (url.startsWith('/lessons')) {
        report(f, pos, `link to ${url}: lesson URLs look like /lessons/<slug>/ or /lessons/<slug>/#heading`);
      } else if (ctx.sitePages && url.startsWith('/') && !url.startsWith('//')) {
        const path = url.split(/[?#]/)[0]!;
        if (!ctx.sitePages.includes(path))
          report(
            f,
            pos,
            `link to ${url}: the site has no page ${path} (its pages: ${ctx.sitePages.join(', ')} and /lessons/<slug>/); page URLs end with a slash`,
          );
      }
    }
  }
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}

/** `file:line:col  message`, one problem per line. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}  ${p.message}`;
}

/** A GitHub Actions annotation for the problem (shown on the pull request's diff). */
export function githubAnnotation(p: Problem): string {
  const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escProp = (s: string) => esc(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return `::error file=${escProp(p.file)},line=${p.line},col=${p.col},title=${escProp('lesson check')}::${esc(p.message)}`;
}
