#!/usr/bin/env bash
# Regenerates src/onnx/proto/onnx_pb.ts, the ONNX schema as @bufbuild/protobuf message types, from
# the vendored src/onnx/proto/onnx.proto. Needs protoc (Debian: protobuf-compiler) and the
# @bufbuild/protoc-gen-es dev dependency; the generated file is committed, so builds need neither.
set -euo pipefail
cd "$(dirname "$0")/.."
protoc --plugin=protoc-gen-es=node_modules/.bin/protoc-gen-es \
  --es_out=src/onnx/proto --es_opt=target=ts,import_extension=js \
  --proto_path=src/onnx/proto onnx.proto
