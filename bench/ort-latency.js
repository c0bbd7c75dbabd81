#!/usr/bin/env node
// ort-latency.js — wall-clock time of ONNX Runtime (CPU EP, one intra-op
// thread, sequential) running a model on one .npy input, for bench/run.py.
//
//   node bench/ort-latency.js MODEL.onnx INPUT.npy RUNS
//
// Uses the highest graph optimization level that loads the model ("all",
// else "extended", "basic", "disabled": ORT's QDQ fusions reject some QAT
// exports) and prints it as "level L", then "run_ms T" per run after 5
// warm-up runs.
'use strict';

const fs = require('fs');
const path = require('path');
const ort = require(path.join(__dirname, '..', 'test', 'oracles', 'node_modules',
                              'onnxruntime-node'));

// A little-endian float32 .npy (format 1.0-3.0), as numpy.save writes it.
function readNpyF32(file) {
  const buf = fs.readFileSync(file);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = buf.toString('latin1', major === 1 ? 10 : 12, start);
  if (!/'descr':\s*'<f4'/.test(header) || /'fortran_order':\s*True/.test(header))
    throw new Error(`${file}: expected a C-order float32 .npy`);
  const shape = header.match(/'shape':\s*\(([^)]*)\)/)[1]
    .split(',').map((s) => s.trim()).filter((s) => s).map(Number);
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset + start,
                                                 buf.byteOffset + buf.length));
  return new ort.Tensor('float32', data, shape);
}

async function main() {
  const [model, input, runsArg] = process.argv.slice(2);
  if (!model || !input) throw new Error('usage: ort-latency.js MODEL INPUT RUNS');
  const runs = Number(runsArg || 50);
  let session, level;
  for (level of ['all', 'extended', 'basic', 'disabled']) {
    try {
      session = await ort.InferenceSession.create(model, {
        intraOpNumThreads: 1, interOpNumThreads: 1,
        executionMode: 'sequential', graphOptimizationLevel: level });
      break;
    } catch (e) {
      session = undefined;
    }
  }
  if (!session) throw new Error(`${model}: ONNX Runtime loads it at no level`);
  console.log(`level ${level}`);
  const feeds = { [session.inputNames[0]]: readNpyF32(input) };
  for (let i = 0; i < 5; ++i) await session.run(feeds);
  for (let i = 0; i < runs; ++i) {
    const start = process.hrtime.bigint();
    await session.run(feeds);
    console.log(`run_ms ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(4)}`);
  }
}

main().catch((e) => { console.error(`ort-latency.js: ${e.message}`); process.exit(1); });
