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
