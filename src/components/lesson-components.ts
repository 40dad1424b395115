// Every component a lesson can use in MDX, with no imports in the lesson.
// The lesson page passes this map to <Content components={lessonComponents} />.
// To add one (e.g. Sandbox), import it here and add it to the map. Lowercase keys replace
// the HTML element Markdown renders (h2, h3).
import Snippet from './Snippet.astro';
import Quiz from './Quiz.astro';
import Log from './Log.astro';
import Altitude from './Altitude.astro';
import ReadingTime from './ReadingTime.astro';
import Sandbox from './sandbox/Sandbox.astro';
import ScenarioLog from './sandbox/ScenarioLog.astro';
import Explore from './explore/Explore.astro';
import ExploreCount from './explore/ExploreCount.astro';
import H2 from './heading/H2.astro';
import H3 from './heading/H3.astro';

export const lessonComponents = {
  Snippet,
  Quiz,
  Log,
  Altitude,
  ReadingTime,
  Sandbox,
  ScenarioLog,
  Explore,
  ExploreCount,
  // Markdown headings: each links to itself.
  h2: H2,
  h3: H3,
};
