/** Test support: every single-character substitution of a code. */

/** One substitution: `corrupted` is the code with the character at `position` (0-based) replaced by `to`. */
export interface Corruption {
  readonly position: number;
  readonly from: string;
  readonly to: string;
  readonly corrupted: string;
}

/**
 * Every code obtained by replacing exactly one character of `code` by another character of the alphabet that
 * applies at that position.
 */
export function singleCharacterCorruptions(code: string, alphabetAt: (position: number) => string): Corruption[] {
  const corruptions: Corruption[] = [];
  for (let position = 0; position < code.length; position += 1) {
    const from = code[position] as string;
    for (const to of alphabetAt(position)) {
      if (to === from) continue;
      corruptions.push({ position, from, to, corrupted: `${code.slice(0, position)}${to}${code.slice(position + 1)}` });
    }
  }
  return corruptions;
}

/** `code` with the character at `position` replaced by the `shift`-th next character of `alphabet` (cyclic). */
export function shiftCharacter(code: string, position: number, alphabet: string, shift: number): string {
  const from = alphabet.indexOf(code[position] as string);
  const to = alphabet[(from + shift) % alphabet.length] as string;
  return `${code.slice(0, position)}${to}${code.slice(position + 1)}`;
}
