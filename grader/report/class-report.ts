import { createHash } from 'crypto';
import type { Gradebook, GradebookRow, JobRecord } from '../result/gradebook';
import { insightsCollector } from './class-insights';
import {
  drillSection,
  gradingTimeFact,
  mistakesSection,
  stuckSection,
} from './class-insights-html';
import { CLASS_REPORT_CSS, CLASS_REPORT_SCRIPT } from './class-report-assets';
import { escapeHtml as h, studentHref } from './class-report-escape';
import { ClassStats, classStats, ExerciseStat, TestStat } from './class-report-stats';
import { histogramSvg, meterSvg, num } from './class-report-svg';
import { isHidden } from '../course/visibility';

// report.html: the class at a glance, for the instructor. One self-contained page (inline CSS,
// inline SVG, a small inline script), so it opens from file://, in an archive or on a laptop
// offline. Hidden tests are named here as in result.json: this page is not for students.

interface ClassReportInput {
  gradebook: Gradebook;
  /** Every job record of the class, in any order; read once. */
  records: Iterable<JobRecord>;
  /** Set when the folder holds one shard of a class. */
  shard?: { index: number; count: number };
}

/** A failure rate at or above this is drawn as a misconception worth class time. */
const HIGH_FAILURE_RATE = 1 / 3;

export function renderClassReport(input: ClassReportInput): string {
  const { gradebook } = input;
  // The records may be a one-pass stream (a large class is never held in memory): each record
  // goes to both tallies as it is read.
  const collector = insightsCollector();
  const stats = classStats(gradebook, tap(input.records, collector.add));
  const insights = collector.result();
  const summary = gradebook.summary;
  const generated = insights.time.last_graded_at ?? gradebook.generated_at;
  const scope =
    input.shard && input.shard.count > 1
      ? ` (shard ${input.shard.index} of ${input.shard.count})`
      : '';
  const body = [
    `<h1>Class report${h(scope)}</h1>`,
    `<p class="lead">${h(exerciseList(gradebook))}${generated ? ` · graded ${h(generated)}` : ''}</p>`,
    '<ul class="facts">',
    `<li><b>${summary.students}</b> student${summary.students === 1 ? '' : 's'}</li>`,
    `<li>mean <b>${num(summary.mean)}</b> / ${num(summary.max)}</li>`,
    `<li>median <b>${num(summary.median)}</b> / ${num(summary.max)}</li>`,
    `<li><b>${gradebook.students.filter((row) => row.total === row.max && row.max > 0).length}</b> full marks</li>`,
    gradingTimeFact(insights),
    '</ul>',
    '<section id="distribution"><h2>Score distribution</h2>',
    histogramSvg(stats.histogram, summary.max <= 20),
    '</section>',
    exercisesSection(stats.exercises, stats.students),
    mistakesSection(insights),
    stuckSection(insights),
    misconceptionsSection(stats, gradebook),
    drillSection(insights),
    intakeNotice(gradebook),
    studentsSection(gradebook),
  ].join('\n');
  return page(`Class report${scope}`, body);
}

function* tap<T>(items: Iterable<T>, see: (item: T) => void): Iterable<T> {
  for (const item of items) {
    see(item);
    yield item;
  }
}

function page(title: string, body: string): string {
  const policy = [
    "default-src 'none'",
    `style-src '${sha256(CLASS_REPORT_CSS)}'`,
    `script-src '${sha256(CLASS_REPORT_SCRIPT)}'`,
    "img-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${h(policy)}">
<meta name="color-scheme" content="light dark">
<title>${h(title)}</title>
<style>${CLASS_REPORT_CSS}</style>
</head>
<body>
${body}
<script>${CLASS_REPORT_SCRIPT}</script>
</body>
</html>
`;
}

const sha256 = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}`;

const exerciseList = (gradebook: Gradebook) =>
  gradebook.exercises.map((exercise) => `${exercise.id} ${exercise.title}`).join(', ');

const percent = (part: number, whole: number) =>
  whole === 0 ? '0%' : `${Math.round((part / whole) * 100)}%`;

function exercisesSection(exercises: ExerciseStat[], students: number): string {
  const rows = exercises.map(
    (exercise) => `<tr>
<td><b>${h(exercise.id)}</b> ${h(exercise.title)}</td>
<td class="num">${meterSvg(exercise.max_score === 0 ? 0 : exercise.mean / exercise.max_score, 'score')}${num(exercise.mean)} / ${num(exercise.max_score)}</td>
<td class="num">${meterSvg(students === 0 ? 0 : exercise.passed / students, 'pass')}${exercise.passed} (${percent(exercise.passed, students)})</td>
<td class="num">${exercise.not_submitted}${exercise.unchanged > 0 ? ` (+${exercise.unchanged} unchanged starter)` : ''}</td>
<td class="num">${exercise.compile_errors}</td>
<td class="num${exercise.timeouts > 0 ? ' trouble' : ''}">${exercise.timeouts}</td>
<td class="num${exercise.crashes > 0 ? ' trouble' : ''}">${exercise.crashes}</td>
</tr>`,
  );
  // Where the hung and crashed jobs stopped: a test many students hang in points at one mistake.
  const troubles = exercises
    .filter((exercise) => exercise.troubled_tests.length > 0)
    .map(
      (exercise) =>
        `<li><b>${h(exercise.id)}</b>: ${exercise.troubled_tests
          .map(({ test, count }) => `${h(test)} <span class="muted">(${count})</span>`)
          .join('; ')}</li>`,
    );
  return `<section id="exercises"><h2>Exercises</h2>
<table>
<thead><tr><th>Exercise</th><th class="num">Mean</th><th class="num">Passed every test</th><th class="num">Not submitted</th><th class="num">Does not compile</th><th class="num">Timed out</th><th class="num">Crashed</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<p class="muted">Timed out and crashed count students: a job where a test passed its time limit, or where the test process ended (process.exit, out of memory).</p>
${troubles.length > 0 ? `<p>Tests that timed out or were running when the process crashed (students):</p>\n<ul class="troubles">${troubles.join('\n')}</ul>` : ''}
</section>`;
}

function misconceptionsSection(stats: ClassStats, gradebook: Gradebook): string {
  if (stats.misconceptions.length === 0)
    return '<section id="misconceptions"><h2>Tests failed</h2><p>Every submitted test passed.</p></section>';
  const titles = new Map(gradebook.exercises.map((exercise) => [exercise.id, exercise.title]));
  const rows = stats.misconceptions.map((stat: TestStat) => {
    const rate = stat.failed / stat.of;
    const timed = stat.timedOut > 0 ? `, ${stat.timedOut} timed out` : '';
    return `<tr${rate >= HIGH_FAILURE_RATE ? ' class="high"' : ''}>
<td class="num">${meterSvg(rate, 'fail')}</td>
<td><b>${h(stat.test)}</b>: <span class="pct">${percent(stat.failed, stat.of)} failed</span> <span class="muted">(${stat.failed} of ${stat.of}${timed})</span>${isHidden(stat) ? ' <span class="tag">hidden</span>' : ''}${stat.hint ? `<div class="hint">hint: ${h(stat.hint)}</div>` : ''}</td>
<td title="${h(titles.get(stat.exercise) ?? '')}">${h(stat.exercise)}</td>
</tr>`;
  });
  return `<section id="misconceptions"><h2>Tests failed</h2>
<p class="muted">Each test some student failed, by the share of the students who submitted the exercise and whose tests ran (code that does not compile runs none). Highlighted: failed by a third or more.</p>
<table>
<thead><tr><th class="num">Failed</th><th>Test</th><th>Exercise</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}

/** Submissions the roster does not know and entries not graded: said where they cannot be missed. */
function intakeNotice(gradebook: Gradebook): string {
  const intake = gradebook.intake;
  if (!intake || (intake.unmatched.length === 0 && intake.skipped.length === 0)) return '';
  const unmatched =
    intake.unmatched.length > 0
      ? `<p><b>${intake.unmatched.length} submission${intake.unmatched.length === 1 ? '' : 's'} matched no one on the roster:</b> ${intake.unmatched.map(h).join(', ')}</p>`
      : '';
  const skipped =
    intake.skipped.length > 0
      ? `<p><b>${intake.skipped.length} entr${intake.skipped.length === 1 ? 'y was' : 'ies were'} not graded:</b></p><ul>${intake.skipped.map((entry) => `<li>${h(entry.name)}: ${h(entry.reason)}</li>`).join('')}</ul>`
      : '';
  return `<section id="intake"><h2>Intake (${h(intake.layout)} layout)</h2>${unmatched}${skipped}</section>`;
}

const STATUS_TEXT: Record<string, string> = {
  pass: 'pass',
  fail: 'fail',
  error: 'does not compile',
  not_submitted: 'not submitted',
  missing: 'missing',
  unchanged: 'unchanged starter',
};

function studentsSection(gradebook: Gradebook): string {
  const headings = [
    '<th><button type="button" data-type="text">Student</button></th>',
    ...gradebook.exercises.map(
      (exercise) =>
        `<th class="num" title="${h(exercise.title)}"><button type="button" data-type="number">${h(exercise.id)}</button></th>`,
    ),
    '<th class="num"><button type="button" data-type="number">Total</button></th>',
  ];
  const rows = gradebook.students.map((row) => studentRow(row, gradebook));
  return `<section id="students-section"><h2>Students</h2>
<div class="controls"><input type="search" id="filter" placeholder="Filter by name" aria-label="Filter students by name" hidden><span id="shown" class="muted">${rows.length} students</span></div>
<table id="students">
<thead><tr>${headings.join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
}

function studentRow(row: GradebookRow, gradebook: Gradebook): string {
  const cells = gradebook.exercises.map((exercise) => {
    const grade = row.exercises[exercise.id];
    if (!grade) return '<td class="num" data-type="number" data-value="0">–</td>';
    return `<td class="num" data-type="number" data-value="${grade.score}">${num(grade.score)} <span class="s-${grade.status}">${h(STATUS_TEXT[grade.status] ?? grade.status)}</span></td>`;
  });
  // Names come from a roster or an LMS export, ids from file names: both are the students' own
  // text, escaped like everything else. The filter matches either.
  const label = row.name
    ? `<a href="${h(studentHref(row.id, 'feedback.md'))}">${h(row.name)}</a> <span class="muted">${h(row.id)}</span>`
    : `<a href="${h(studentHref(row.id, 'feedback.md'))}">${h(row.id)}</a>`;
  const tags = [
    row.late ? ' <span class="tag">late</span>' : '',
    row.roster === 'missing' ? ' <span class="tag">nothing submitted</span>' : '',
    row.roster === 'unmatched' ? ' <span class="tag">not on the roster</span>' : '',
  ].join('');
  const search = `${row.id} ${row.name ?? ''}`.toLowerCase();
  return `<tr data-name="${h(search)}"><td data-type="text" data-value="${h(row.name ?? row.id)}">${label}${tags}</td>${cells.join('')}<td class="num" data-type="number" data-value="${row.total}"><b>${num(row.total)}</b> / ${num(row.max)}</td></tr>`;
}
