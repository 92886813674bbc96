import type { ClassInsights } from './class-insights';
import { escapeHtml as h, studentHref } from './class-report-escape';

// The class report's sections about mistakes (report/class-insights.ts), as HTML. Every student
// id is the students' own text, escaped, and links to that student's feedback.

const studentLink = (id: string) => `<a href="${h(studentHref(id, 'feedback.md'))}">${h(id)}</a>`;
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function mistakesSection(insights: ClassInsights): string {
  if (insights.mistakes.length === 0)
    return `<section id="mistakes"><h2>Recognised mistakes</h2><p>No submission's failures clearly matched a known mistake (the course's known-wrong solutions, as <code>grader verify</code> last saw them fail).</p></section>`;
  const rows = insights.mistakes.map(
    (stat) => `<tr>
<td class="num"><b>${stat.students.length}</b></td>
<td>${h(stat.mistake)} <span class="muted">(${h(stat.variant)})</span></td>
<td>${h(stat.exercise)}</td>
<td class="who">${stat.students.map(studentLink).join(', ')}</td>
</tr>`,
  );
  return `<section id="mistakes"><h2>Recognised mistakes</h2>
<p class="muted">Submissions whose failures clearly match one of the course's known-wrong solutions: what the code most likely does. Two mistakes that fail exactly alike are each counted, as one of the two; a submission that matches none, or several that fail differently, is not counted.</p>
<table>
<thead><tr><th class="num">Students</th><th>Mistake</th><th>Exercise</th><th>Who</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}

export function drillSection(insights: ClassInsights): string {
  if (insights.drill.length === 0) return '';
  const entries = insights.drill.map(
    (
      entry,
    ) => `<details><summary><b>${h(entry.test)}</b> <span class="muted">${h(entry.exercise)}, ${plural(entry.failures.length, 'student')}</span></summary>
<ul>${entry.failures.map((failure) => `<li>${studentLink(failure.student)}: ${h(failure.verdict)}</li>`).join('')}</ul>
</details>`,
  );
  return `<section id="drill"><h2>Who failed each test</h2>
<p class="muted">Every failed test, most failed first; open one to see who failed it and how.</p>
${entries.join('\n')}
</section>`;
}

export function stuckSection(insights: ClassInsights): string {
  if (insights.stuck.length === 0) return '';
  const rows = insights.stuck.map(
    (place) => `<tr>
<td class="num"><b>${place.students.length}</b></td>
<td><code>${h(place.where)}</code></td>
<td>${h(place.exercise)}</td>
<td class="who">${place.students.map(studentLink).join(', ')}</td>
</tr>`,
  );
  return `<section id="stuck"><h2>Where hung submissions were stuck</h2>
<p class="muted">Tests that timed out, by the place in the student's code where the stack probe found its threads (or the line the failure points at).</p>
<table>
<thead><tr><th class="num">Students</th><th>Where</th><th>Exercise</th><th>Who</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}

/** One line for the facts list: the job time grading took, and the slowest job. */
export function gradingTimeFact(insights: ClassInsights): string {
  const { time } = insights;
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  const slowest = time.slowest
    ? ` <span class="muted">(slowest: ${h(time.slowest.student)} ${h(time.slowest.exercise)}, ${seconds(time.slowest.ms)})</span>`
    : '';
  return `<li id="grading-time">grading took <b>${seconds(time.total_ms)}</b> over ${plural(time.jobs, 'job')}${slowest}</li>`;
}
