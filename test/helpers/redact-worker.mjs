// Runs redaction over the inputs it is given, in a worker thread, and reports what it did: test/helpers/hang-guard.ts
// starts it so that a pattern that backtracks without end can be stopped (a regular expression cannot be interrupted
// on the thread that runs it). It imports the built code, as the other workers here do.
import { parentPort, workerData } from 'node:worker_threads';
import { redact } from '../../dist/core/redact/index.js';
import { RULES } from '../../dist/core/redact/catalogue.js';

const { mode, inputs } = workerData;
if (mode === 'rules') {
  // Every rule on every input: the count of (rule, input) pairs that finished, and how many matches they found.
  let finished = 0;
  let matches = 0;
  for (const input of inputs) {
    const ctx = {};
    for (const rule of RULES) {
      for (const _ of rule.find(input, ctx)) matches++;
      finished++;
    }
  }
  parentPort.postMessage({ finished, rules: RULES.length, matches });
} else {
  parentPort.postMessage({ texts: inputs.map((input) => redact(input).text) });
}
