import * as fs from 'fs';
import * as net from 'net';
import { replyTo } from './type-program';
import type { TypecheckRequest } from './typecheck-protocol';

// The type-checker a student's `check` leaves running for the next one (see shared-typecheck.ts):
// the standard library and Node's types stay parsed, so a check after an edit pays for the
// student's files only. It answers one request per connection on a socket of its own, and exits
// once nobody has asked anything for `idleMs`.

const [socketPath, idleText] = process.argv.slice(2);
const idleMs = Number(idleText);

let connections = 0;
let idleTimer: NodeJS.Timeout | undefined;
const stopWhenIdle = () => {
  clearTimeout(idleTimer);
  if (connections === 0) idleTimer = setTimeout(() => server.close(() => process.exit(0)), idleMs);
};

const server = net.createServer((socket) => {
  connections++;
  clearTimeout(idleTimer);
  // The client keeps this checker to its time limit by its CPU time, so it needs the pid.
  socket.write(`${JSON.stringify({ pid: process.pid })}\n`);
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    received += chunk;
    const end = received.indexOf('\n');
    if (end < 0) return;
    const request = JSON.parse(received.slice(0, end)) as TypecheckRequest;
    socket.end(`${JSON.stringify(replyTo(request))}\n`);
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    connections--;
    stopWhenIdle();
  });
});

// A socket file left by a checker that was killed would refuse every connection: replace it.
fs.rmSync(socketPath, { force: true });
// Another check started a checker on the same path a moment earlier: that one serves.
server.on('error', () => process.exit(0));
server.listen(socketPath, stopWhenIdle);
