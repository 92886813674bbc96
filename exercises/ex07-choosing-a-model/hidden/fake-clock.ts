// Imported before the subject by fetch-cases.test.ts: every timer of the file is jest's fake one,
// the same library the table's outcomes were computed on (grader/verify/authoring-clock.ts).
jest.useFakeTimers({ now: 0 });

export {};
