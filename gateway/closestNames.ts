/**
 * "Did you mean …?" for names people type: generators, upstreams, statuses, configuration keys.
 * A typo is a small edit distance away (costumer-report → customer-report); a fragment is
 * contained in the name it stands for (customer → customer-report).
 */

/** Levenshtein distance: the fewest single-character insertions, deletions or substitutions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

/**
 * The candidates close enough to `word` to be what was meant, closest first: within an edit
 * distance of a third of the word (at least 2), or containing it (at least 3 characters).
 * Case does not count.
 */
export function closestNames(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const typed = word.toLowerCase();
  const bound = Math.max(2, Math.floor(typed.length / 3));
  const scored: Array<{ name: string; score: number }> = [];
  for (const name of new Set(candidates)) {
    const known = name.toLowerCase();
    const distance = editDistance(typed, known);
    if (distance <= bound) scored.push({ name, score: distance });
    else if (typed.length >= 3 && known.includes(typed)) scored.push({ name, score: bound + 1 + (known.length - typed.length) / 100 });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((item) => item.name);
}

/** The single best guess, if any. */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  return closestNames(word, candidates, 1)[0];
}

/** How many known names a message lists before it says how many more there are. */
const LISTED = 20;

/** "Known: a, b, c" (or "none"), trimmed to a readable length. */
export function knownNamesText(known: readonly string[]): string {
  if (known.length === 0) return 'none';
  const sorted = [...known].sort();
  const shown = sorted.slice(0, LISTED).join(', ');
  return sorted.length > LISTED ? `${shown} and ${sorted.length - LISTED} more` : shown;
}

/**
 * The whole message for an unknown name: "There is no generator named costumer-report. Did
 * you mean customer-report? Known: config-template, customer-report."
 */
export function unknownNameMessage(kind: string, name: string, known: readonly string[]): string {
  const shown = JSON.stringify(name.slice(0, 80)).slice(1, -1);
  const guesses = closestNames(name, known);
  const guess = guesses.length > 0 ? ` Did you mean ${guesses.join(' or ')}?` : '';
  return `There is no ${kind} named ${shown}.${guess} Known: ${knownNamesText(known)}.`;
}
