#!/usr/bin/env python3
"""Lays out the seed corpus and the dictionary for qcc's fuzz harnesses.

Seeds (binary ONNX models, one file each, into OUT/seeds): every model
fixture in test/models, every .onnxtext model of the lit tests (parsed by
ONNX's own parser and serialized), the committed corpus of reproducers in
test/fuzz/corpus, and, with --backend, the models of ONNX's backend node
tests. The dictionary (OUT/onnx.dict) holds the names of every ONNX op and
attribute, as libFuzzer's -dict expects.

Run by Debian's /usr/bin/python3, which has python3-onnx.
"""
import argparse
import hashlib
import pathlib
import shutil

import onnx
import onnx.defs
import onnx.parser

ROOT = pathlib.Path(__file__).resolve().parent.parent
BACKEND = pathlib.Path("/usr/share/libonnx-testdata/data/node")


def add(seeds, data, origin):
    name = hashlib.sha1(data).hexdigest()
    (seeds / name).write_bytes(data)
    return origin


def text_models():
    for path in sorted((ROOT / "test").rglob("*.onnxtext")):
        try:
            model = onnx.parser.parse_model(path.read_text())
        except Exception:  # a lit input may be meant not to parse
            continue
        yield path, model.SerializeToString()


def dictionary(path):
    words = set()
    for schema in onnx.defs.get_all_schemas_with_history():
        words.add(schema.name)
        words.update(schema.attributes)
    with open(path, "w") as out:
        for word in sorted(words):
            out.write('"%s"\n' % word)
    return len(words)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--backend", action="store_true",
                        help="also seed with ONNX's backend node models")
    args = parser.parse_args()
    seeds = args.out / "seeds"
    if seeds.exists():
        shutil.rmtree(seeds)
    seeds.mkdir(parents=True)
    files = sorted((ROOT / "test" / "models").rglob("*.onnx"))
    files += sorted(p for p in (ROOT / "test" / "fuzz" / "corpus").rglob("*")
                    if p.is_file())
    if args.backend:
        files += sorted(BACKEND.glob("*/model.onnx"))
    for path in files:
        add(seeds, path.read_bytes(), path)
    count = len(files)
    for path, data in text_models():
        add(seeds, data, path)
        count += 1
    words = dictionary(args.out / "onnx.dict")
    print("fuzz_seeds: %d seeds (%d distinct) and %d dictionary words in %s"
          % (count, len(list(seeds.iterdir())), words, args.out))


if __name__ == "__main__":
    main()
