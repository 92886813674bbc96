/**
 * The lines of a jest failure message that show what the student's code produced: the received
 * side of a diff (`+` lines under a `+ Received` legend) and `Received: ` lines. Read joined with
 * their neighbours, such lines can spell a hidden test's literal that the student's value merely
 * equals: ex02's visible test showed `"rejected": false,` then `"value": "half done",` (the
 * visible worker's own message), which is `{ rejected: false, value: 'half done' }` of a hidden
 * test to the filter, and the failure was withheld. A received line whose quoted strings, and
 * the rest of it, are each public text (`isPublic`, given their letters) is read on its own instead (it is still withheld
 * if it quotes by itself); any other line is read with the rest of the message, as before.
 */
export function receivedLines(
  text: string,
  isPublic: (letters: string) => boolean,
  letters: (text: string) => string,
): { rest: string; alone: string[] } {
  const lines = text.split('\n');
  const legend = lines.findIndex((line) => /^\s*\+ Received\b/.test(line));
  const rest: string[] = [];
  const alone: string[] = [];
  lines.forEach((line, index) => {
    const received =
      /^\s*Received: /.test(line) || (legend >= 0 && index > legend && /^\s*\+/.test(line));
    const quoted = /"(?:[^"\\]|\\.)*"/g;
    const pieces = [
      ...(line.match(quoted) ?? []),
      ...(line.replace(quoted, ' ').match(/[\p{L}\p{N}]+/gu) ?? []),
    ];
    if (received && pieces.every((each) => isPublic(letters(each)))) alone.push(line);
    else rest.push(line);
  });
  return { rest: rest.join('\n'), alone };
}
