/**
 * Text for HTML element content and quoted attribute values. Student ids are file names and test
 * messages come from student code, so every such string goes through here: a student named
 * `<script>…` must read as text, never run.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A relative URL to a file under a student's folder, each path segment percent-encoded. */
export function studentHref(student: string, file: string): string {
  return `students/${encodeURIComponent(student)}/${encodeURIComponent(file)}`;
}
