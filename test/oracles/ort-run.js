#!/usr/bin/env node
// ort-run.js — run an ONNX model with ONNX Runtime (CPU EP) as a reference
// oracle for qcc tests.  Inputs and outputs are .npy files.
//
//   node test/oracles/ort-run.js MODEL.onnx --input X.npy [--input ...]
//        (-o Y.npy [-o ...] | --outdir DIR) [--optimize] [--batch]
//
// With --batch, dimension 0 of every input is a batch of samples: the
// model (batch 1) runs once per sample and the outputs are stacked.
//
// See README.md for why graph optimizations are disabled by default.
'use strict';

const fs = require('fs');
const path = require('path');

const USAGE =
  'usage: node ort-run.js MODEL.onnx --input X.npy [--input ...] ' +
  '(-o Y.npy [-o ...] | --outdir DIR) [--optimize] [--batch] [--verbose]';

// All errors surface through main()'s handler as one line on stderr.
const fail = (msg) => { throw new Error(msg); };

// ---------------------------------------------------------------------------
// .npy I/O.  Only what the tests need: little-endian (or byte-free) dtypes,
// C order.  Reader accepts format versions 1.0-3.0; writer emits 1.0.

// npy descr (without byte-order char) <-> ORT tensor type <-> typed array.
const DTYPES = [
  { descr: 'f4', ort: 'float32', Arr: Float32Array },
  { descr: 'f8', ort: 'float64', Arr: Float64Array },
  { descr: 'i1', ort: 'int8',    Arr: Int8Array },
  { descr: 'u1', ort: 'uint8',   Arr: Uint8Array },
  { descr: 'i2', ort: 'int16',   Arr: Int16Array },
  { descr: 'u2', ort: 'uint16',  Arr: Uint16Array },
  { descr: 'i4', ort: 'int32',   Arr: Int32Array },
  { descr: 'u4', ort: 'uint32',  Arr: Uint32Array },
  { descr: 'i8', ort: 'int64',   Arr: BigInt64Array },
  { descr: 'u8', ort: 'uint64',  Arr: BigUint64Array },
  { descr: 'b1', ort: 'bool',    Arr: Uint8Array },  // ORT holds bool as bytes
];
const byDescr = new Map(DTYPES.map((d) => [d.descr, d]));
const byOrt = new Map(DTYPES.map((d) => [d.ort, d]));

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

function readNpy(file) {
  let buf;
  try { buf = fs.readFileSync(file); } catch (e) { fail(`cannot read ${file}: ${e.code || e.message}`); }
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) fail(`${file}: not a .npy file`);
  const major = buf[6];
  let hlen, hstart;
  if (major === 1) { hlen = buf.readUInt16LE(8); hstart = 10; }
  else if (major === 2 || major === 3) { hlen = buf.readUInt32LE(8); hstart = 12; }
  else fail(`${file}: unsupported .npy version ${major}.${buf[7]}`);
  const header = buf.toString(major === 3 ? 'utf8' : 'latin1', hstart, hstart + hlen);

  // The header is a Python dict literal written by numpy; a regex per key is
  // enough for that fixed shape and avoids writing a Python-literal parser.
  const descrM = /'descr'\s*:\s*'([^']*)'/.exec(header);
  const fortM = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shapeM = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descrM || !fortM || !shapeM) fail(`${file}: malformed .npy header`);
  if (fortM[1] === 'True') fail(`${file}: Fortran-order arrays are not supported (save with C order)`);

  const descr = descrM[1];
  const order = descr[0];
  const dt = byDescr.get(descr.slice(1));
  if (!dt || !'<|='.includes(order)) fail(`${file}: unsupported dtype '${descr}'`);
  if (order === '=' && require('os').endianness() !== 'LE') fail(`${file}: native-order data on a big-endian host`);
  const shape = shapeM[1].split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) fail(`${file}: bad shape (${shapeM[1]})`);

  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = hstart + hlen;
  const nbytes = count * dt.Arr.BYTES_PER_ELEMENT;
  if (buf.length - dataStart !== nbytes)
    fail(`${file}: expected ${nbytes} data bytes for shape (${shape}) ${descr}, found ${buf.length - dataStart}`);
  // Copy: the data offset inside the file buffer need not be aligned for the
  // typed array, and ORT must not alias Node's pooled Buffer memory.
  const data = new dt.Arr(count);
  Buffer.from(data.buffer).set(buf.subarray(dataStart));
  return { dt, shape, data };
}

function writeNpy(file, dt, shape, data) {
  const shapeStr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const descr = (dt.descr === 'i1' || dt.descr === 'u1' || dt.descr === 'b1' ? '|' : '<') + dt.descr;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeStr}, }`;
  // numpy pads with spaces so the data starts on a 64-byte boundary and ends
  // the header with '\n'; match that so files are byte-identical to np.save.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  if (header.length > 0xffff) fail(`${file}: shape too large for .npy v1.0 header`);
  const pre = Buffer.alloc(10);
  MAGIC.copy(pre, 0);
  pre[6] = 1; pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  try {
    fs.writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'), body]));
  } catch (e) { fail(`cannot write ${file}: ${e.code || e.message}`); }
}

// ---------------------------------------------------------------------------

function parseArgs(argv) {
  const a = { model: null, inputs: [], outputs: [], outdir: null, optimize: false, batch: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${arg} needs a value\n${USAGE}`);
      return argv[++i];
    };
    if (arg === '--input' || arg === '-i') a.inputs.push(value());
    else if (arg === '-o' || arg === '--output') a.outputs.push(value());
    else if (arg === '--outdir') a.outdir = value();
    else if (arg === '--optimize') a.optimize = true;
    else if (arg === '--batch') a.batch = true;
    else if (arg === '--verbose') a.verbose = true;
    else if (arg === '-h' || arg === '--help') { process.stdout.write(USAGE + '\n'); process.exit(0); }
    else if (arg.startsWith('-')) fail(`unknown option ${arg}`);
    else if (a.model === null) a.model = arg;
    else fail(`unexpected argument ${arg}`);
  }
  if (a.model === null) fail('no model given');
  if (a.outdir !== null && a.outputs.length) fail('use either -o or --outdir, not both');
  if (a.outdir === null && !a.outputs.length) fail('no output given (-o FILE or --outdir DIR)');
  return a;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.model)) fail(`model not found: ${args.model}`);

  let ort;
  try { ort = require('onnxruntime-node'); } catch (e) {
    fail('onnxruntime-node is not installed; run: npm ci --ignore-scripts --prefix test/oracles');
  }

  const session = await ort.InferenceSession.create(args.model, {
    executionProviders: ['cpu'],
    // Single-threaded, sequential: deterministic reductions and no
    // thread-count-dependent blocking in the reference numbers.
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    // 'disabled' keeps the model's own op-by-op semantics (e.g. QDQ pairs
    // are not fused into integer kernels, which round differently).
    graphOptimizationLevel: args.optimize ? 'all' : 'disabled',
    // ORT warnings go to stderr; keep stderr for our one-line errors.
    logSeverityLevel: args.verbose ? 0 : 3,
  });

  // inputNames excludes initializers, in graph-input order.
  const names = session.inputNames;
  if (args.inputs.length !== names.length)
    fail(`model has ${names.length} input(s) [${names.join(', ')}], got ${args.inputs.length} --input`);
  const outNames = session.outputNames;
  if (args.outdir === null && args.outputs.length !== outNames.length)
    fail(`model has ${outNames.length} output(s) [${outNames.join(', ')}], got ${args.outputs.length} -o`);

  const arrays = names.map((name, k) => {
    const array = readNpy(args.inputs[k]);
    // ORT's own type-mismatch message names no file; check here to say which.
    const meta = session.inputMetadata && session.inputMetadata[k];
    if (meta && meta.isTensor && meta.type !== array.dt.ort)
      fail(`input ${k} '${name}' expects ${meta.type}, ${args.inputs[k]} is ${array.dt.ort}`);
    return array;
  });
  // Sample i of every input (the whole input without --batch).
  const samples = args.batch ? arrays[0].shape[0] : 1;
  const feedsOf = (i) => {
    const feeds = {};
    names.forEach((name, k) => {
      const { dt, shape, data } = arrays[k];
      if (!args.batch) { feeds[name] = new ort.Tensor(dt.ort, data, shape); return; }
      if (shape[0] !== samples) fail('--batch needs inputs with the same first dimension');
      const size = data.length / samples;
      feeds[name] = new ort.Tensor(dt.ort, data.slice(i * size, (i + 1) * size),
                                   [1, ...shape.slice(1)]);
    });
    return feeds;
  };
  const runs = [];
  for (let i = 0; i < samples; i++) runs.push(await session.run(feedsOf(i)));
  // Outputs stacked along dimension 0 (a single run as it is).
  const results = {};
  for (const name of session.outputNames) {
    const first = runs[0][name];
    if (runs.length === 1) { results[name] = first; continue; }
    const data = new first.data.constructor(first.data.length * runs.length);
    runs.forEach((r, i) => data.set(r[name].data, i * first.data.length));
    results[name] = { type: first.type, dims: [runs.length * first.dims[0], ...first.dims.slice(1)], data };
  }

  let files = args.outputs;
  if (args.outdir !== null) {
    fs.mkdirSync(args.outdir, { recursive: true });
    files = outNames.map((_, k) => path.join(args.outdir, `output_${k}.npy`));
  }
  outNames.forEach((name, k) => {
    const t = results[name];
    const dt = byOrt.get(t.type);
    if (!dt) fail(`output ${k} '${name}' has unsupported type ${t.type}`);
    writeNpy(files[k], dt, t.dims, t.data);
  });
  await session.release();
}

main().then(
  () => process.exit(0),
  (e) => {
    // ORT errors are often multi-line with a stack; callers want one line.
    const msg = String(e && e.message ? e.message : e).replace(/\s+/g, ' ').trim();
    process.stderr.write(`ort-run: error: ${msg}\n`);
    process.exit(1);
  });
