#!/usr/bin/env bash
# Builds model 3.0.0 (a 2.2.0 graph + the sentence-kind heads) into $WORK/model:
#   training/setup.sh && training/kinds/build.sh [DATA_ROOT]      DATA_ROOT defaults to ../shared/data
#   BASE=training/work/ef/r5/int8/model.onnx WORK=training/work/rebuild/kinds training/kinds/build.sh
# BASE: the graph whose encoder, content head and axis head are kept (default models/stereotype-minilm/model.onnx). It
#   may be the shipped 3.0.0 graph: its kind heads are dropped and refitted. Its model.json is read from the same
#   folder, else from models/stereotype-minilm. WORK: where everything is written (default training/work/model3).
# Steps: build the CLI; the base graph with an `embedding` output (expose_embedding.py); the templated rows; every row
# (templated, hand-written, contrast_kinds.csv, variants.csv, weak labels on the shared benchmark and robustness
# files); their embeddings from `biasapp-cli embed` (the int8 graph the app runs); the heads and the kind rule (fit.py);
# model.onnx + model.json (build_model.py); the new graph's head outputs checked against numpy (check_model.py).
# A step whose output exists is skipped, so an interrupted build resumes. Nothing outside WORK is written.
#
#   training/kinds/build.sh --feedback FILE.csv [DATA_ROOT]
# FILE.csv: the app's feedback export (docs/feedback.md). The same rows and embeddings, then feedback.py: the file split
#   into a fit part and a held-back part, the kind head refitted with the fit part, the model before (BASE) and after on
#   the held-back part and on the dev and evaluation slices; the refitted model in WORK/feedback/model. Its steps always
#   run (about a minute once the embeddings exist).
set -euo pipefail
cd "$(dirname "$0")/../.."
FEEDBACK=
if [ "${1:-}" = --feedback ]; then FEEDBACK=$(realpath "${2:?usage: build.sh --feedback FILE.csv [DATA_ROOT]}"); shift 2; fi
DATA=$(realpath "${1:-../shared/data}")
BASE=$(realpath "${BASE:-models/stereotype-minilm/model.onnx}")
W=$(realpath -m "${WORK:-training/work/model3}")
CARD=$(dirname "$BASE")/model.json; [ -f "$CARD" ] || CARD=$(realpath models/stereotype-minilm/model.json)
PY=/usr/bin/python3
mkdir -p $W/emb
dotnet build src/BiasApp.Cli -c Release -v q -nologo
CLI="dotnet $(realpath src/BiasApp.Cli/bin/Release/net10.0/biasapp-cli.dll)"
cd training/kinds
if [ ! -f $W/emb/model.json ]; then
  $PY expose_embedding.py --onnx "$BASE" --output $W/emb/model.onnx --card "$CARD" --card-out $W/emb/model.json.tmp
  cp ../../models/stereotype-minilm/vocab.txt $W/emb/ && mv $W/emb/model.json.tmp $W/emb/model.json
fi
[ -f $W/templated.csv ] || $PY generate.py --out $W/templated.csv
[ -f $W/rows_shared.csv ] || $PY build_data.py --data "$DATA" --work $W
for part in rows_gen rows_shared; do
  [ -f $W/$part.f32.texts.jsonl ] || $CLI embed --input $W/$part.csv --output $W/$part.f32 --model $W/emb --normalise
done
build_heads() {
  [ -f $W/rows_check.csv ] || $PY fit.py --work $W
  [ -f $W/model/model.json ] || $PY build_model.py --base $W/emb --work $W --out $W/model
  # The new graph's head outputs on the evaluation rows must match the numpy heads on the embeddings fitted on.
  [ -f $W/rows_check.f32.texts.jsonl ] || $CLI embed --input $W/rows_check.csv --output $W/rows_check.f32 --model $W/model --normalise
  $PY check_model.py --work $W
  echo "kinds/build.sh: wrote $W/model"
}
if [ -z "$FEEDBACK" ]; then build_heads; exit 0; fi
# Feedback: "before" is BASE when it carries kind heads (the shipped 3.0.0 graph), else this folder's own build from it.
BEFORE=$(dirname "$BASE")
if ! grep -q kinds.kind.weight "$BASE"; then build_heads; BEFORE=$W/model; fi
$PY feedback.py rows --feedback "$FEEDBACK" --work $W
$CLI embed --input $W/feedback/rows_feedback.csv --output $W/feedback/rows_feedback.f32 --model $W/emb --normalise
$PY feedback.py fit --feedback "$FEEDBACK" --work $W --before "$BEFORE"
$CLI embed --input $W/feedback/rows_feedback.csv --output $W/feedback/check.f32 --model $W/feedback/model --normalise
$PY feedback.py check --work $W
echo "kinds/build.sh: wrote $W/feedback/model"
