// A number and its unit kept on one line in prose ("1 h", "0.5 ms", "200 ppm"): a phone's line
// break between them left "up to 1" at the end of one line and "h" alone at the start of the next.
const NUMBER_THEN_UNIT = /(\d) (?=(?:ms|s|min|h|ppm|%)(?![\p{L}\p{N}]))/gu;

/** `text` with a no-break space between each number and the unit after it. */
export function keepUnits(text: string): string {
  return text.replace(NUMBER_THEN_UNIT, '$1\u00A0');
}
