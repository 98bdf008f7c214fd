// The status benchmark's baseline in a process of its own, as the app is: a bare node:http server that
// answers each path with exactly the headers and body read from the JSON file named by its argument
// ({ "<path>": { "headers": [[name, value], …], "body": "<base64>" } }), and prints its port.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const answers = new Map(
  Object.entries(JSON.parse(readFileSync(process.argv[2], 'utf8'))).map(([path, answer]) => {
    const body = Buffer.from(answer.body, 'base64');
    return [path, { body, head: [...answer.headers.flat(), 'content-length', String(body.length)] }];
  }),
);

const server = createServer((req, res) => {
  const answer = answers.get(req.url ?? '');
  if (!answer) return res.writeHead(404).end();
  res.writeHead(200, answer.head);
  res.end(answer.body);
});
server.listen(0, '127.0.0.1', () => console.log(String(server.address().port)));
process.on('SIGTERM', () => process.exit(0));
