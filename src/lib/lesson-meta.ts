// Facts about a lesson read from its MDX source at build time, so pages need no per-lesson wiring.

/**
 * Ids of the lesson's quizzes, in source order: the `id` attribute of every `<Quiz>`.
 * Each `<Quiz` starts a segment that runs to the next one; the first `id=` in it belongs to it
 * (option objects use `key: value`, never `id=`, so prose containing ">" cannot confuse this).
 */
export function quizIds(source: string): string[] {
  const ids: string[] = [];
  const withoutComments = source.replace(/\{\/\*[\s\S]*?\*\/\}/g, '').replace(/<!--[\s\S]*?-->/g, '');
  const segments = withoutComments.split(/<Quiz(?=[\s/>])/).slice(1);
  for (const segment of segments) {
    const m = /\sid\s*=\s*(?:"([^"]+)"|'([^']+)'|\{\s*["'`]([^"'`]+)["'`]\s*\})/.exec(segment);
    const value = m?.[1] ?? m?.[2] ?? m?.[3];
    if (value && !ids.includes(value)) ids.push(value);
  }
  return ids;
}

/**
 * Ids of the sandboxes the lesson holds, in source order: the `id` of every `<Sandbox>` outside
 * comments and code fences (a lesson that shows `<Sandbox id="x" />` in a code block does not hold x).
 */
export function lessonSandboxIds(source: string): string[] {
  const ids: string[] = [];
  const withoutComments = source.replace(/\{\/\*[\s\S]*?\*\/\}/g, '').replace(/<!--[\s\S]*?-->/g, '');
  let fence: string | null = null;
  for (const line of withoutComments.split('\n')) {
    const f = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]![0];
    if (f) fence = fence === null ? f : fence === f ? null : fence;
    if (f || fence !== null) continue;
    for (const m of line.matchAll(/<Sandbox\b[^>]*?\sid\s*=\s*(?:"([^"]+)"|'([^']+)')/g)) {
      const id = m[1] ?? m[2]!;
      if (!ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}
