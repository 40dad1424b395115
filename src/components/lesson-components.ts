// Every component a lesson can use in MDX, with no imports in the lesson.
// The lesson page passes this map to <Content components={lessonComponents} />.
// To add one (e.g. Sandbox), import it here and add it to the map.
import Snippet from './Snippet.astro';
import Quiz from './Quiz.astro';
import Log from './Log.astro';
import Altitude from './Altitude.astro';
import ReadingTime from './ReadingTime.astro';
import Sandbox from './sandbox/Sandbox.astro';
import ScenarioLog from './sandbox/ScenarioLog.astro';
import Explore from './explore/Explore.astro';

export const lessonComponents = {
  Snippet,
  Quiz,
  Log,
  Altitude,
  ReadingTime,
  Sandbox,
  ScenarioLog,
  Explore,
};
