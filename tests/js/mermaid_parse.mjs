// Mermaid syntax checker for the Python test-suite (no browser needed).
//
// Usage:  node tests/js/mermaid_parse.mjs < input.json > output.json
//
// stdin:  a JSON array of diagram source strings.
// stdout: a JSON array of the same length; each entry is null when Mermaid's
//         real parser accepts the diagram, or the error message (string) when
//         it rejects it.
// stdout carries the JSON result ONLY: every console.* call (including noise
// from Mermaid itself) is redirected to stderr.
// Exit status: 0 when a result was produced for every diagram (even if some
// diagrams were rejected); non-zero only if the checker itself failed (bad
// input, Mermaid could not be loaded, ...).

import { format } from "node:util";

// 1. Keep stdout clean: send all console output to stderr *before* loading
//    Mermaid, which logs through console.* .
for (const name of ["log", "info", "warn", "error", "debug", "trace"]) {
  console[name] = (...args) => process.stderr.write(format(...args) + "\n");
}

function fail(message, code = 2) {
  process.stderr.write(`mermaid_parse.mjs: ${message}\n`);
  process.exitCode = code;
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function errorMessage(err) {
  if (err == null) return "unknown error";
  if (typeof err === "string") return err;
  if (typeof err.message === "string" && err.message) return err.message;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

async function main() {
  let texts;
  try {
    texts = JSON.parse(await readStdin());
  } catch (err) {
    fail(`stdin is not valid JSON: ${errorMessage(err)}`);
    return;
  }
  if (!Array.isArray(texts)) {
    fail("stdin must be a JSON array of strings");
    return;
  }

  // 2. A minimal DOM so Mermaid (and DOMPurify inside it) can load under Node.
  const { JSDOM } = await import("jsdom");
  const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>", {
    pretendToBeVisual: true,
  });
  globalThis.window = dom.window;
  globalThis.document = dom.window.document;
  for (const name of ["Element", "HTMLElement", "SVGElement", "Node", "DOMParser"]) {
    if (!(name in globalThis)) globalThis[name] = dom.window[name];
  }

  const { default: mermaid } = await import("mermaid");
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

  // 3. Parse each diagram independently; one bad diagram never stops the rest.
  const results = [];
  for (const text of texts) {
    if (typeof text !== "string") {
      results.push(`input entry is not a string (got ${text === null ? "null" : typeof text})`);
      continue;
    }
    try {
      const ok = await mermaid.parse(text, { suppressErrors: false });
      results.push(ok === false ? "rejected by mermaid.parse (returned false)" : null);
    } catch (err) {
      results.push(errorMessage(err));
    }
  }

  process.stdout.write(JSON.stringify(results) + "\n");
}

main().catch((err) => {
  fail(`internal error: ${err && err.stack ? err.stack : errorMessage(err)}`, 1);
});
