// Astro integration: the build runs the lesson checker (src/check/lesson-check.ts) before it renders
// anything, so no build, local or CI, ships a lesson `npm run check:lessons` refuses. Scaffold
// placeholders only warn here (a half-written lesson still previews); the checker refuses them.
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { checkLessonsOnDisk } from './lessons-on-disk.ts';
import { formatProblem } from './lesson-check.ts';
import { cachedCheckLesson } from './facts-cache.ts';

export function lessonCheck(): AstroIntegration {
  return {
    name: 'lf:lesson-check',
    hooks: {
      'astro:config:setup': ({ config, command, logger }) => {
        if (command !== 'build' && command !== 'dev') return;
        const root = fileURLToPath(config.root);
        // Cached per lesson on disk: a warm build re-parses only the lessons that changed.
        const problems = checkLessonsOnDisk(root, undefined, cachedCheckLesson(root));
        const errors = problems.filter((p) => p.severity === 'error');
        // One line per half-written lesson, not one per placeholder: the log stays readable.
        const placeholders = new Map<string, typeof problems>();
        for (const p of problems)
          if (p.severity === 'placeholder') placeholders.set(p.file, [...(placeholders.get(p.file) ?? []), p]);
        for (const [file, list] of placeholders) {
          logger.warn(
            `${file}:${list[0]!.line}:${list[0]!.col}  ${list.length} placeholder${list.length === 1 ? '' : 's'} left from the scaffold; npm run check:lessons -- ${file} lists them`,
          );
        }
        if (errors.length === 0) return;
        const list = errors.map(formatProblem).join('\n');
        if (command === 'dev') {
          // In dev the page still renders what it can; the same list fails the build.
          logger.error(`${errors.length} lesson problem${errors.length === 1 ? '' : 's'}:\n${list}`);
          return;
        }
        throw new Error(
          `${errors.length} lesson problem${errors.length === 1 ? '' : 's'} (the same as npm run check:lessons):\n${list}`,
        );
      },
    },
  };
}
