# bidui: the same targets on every machine. `make sample` and `make test` are the two commands.
SWIFT   ?= swift
PREFIX  ?= /usr/local
RUN_DIR ?= runs/sample
BENCH_ROWS ?= 100000,1000000,3000000
BENCH_RUNS ?= 5
BENCH_HOUSEHOLDS ?= 10000,100000,1000000
# 300,000 households make about 1,000,000 rows.
BENCH_NORMALIZE_HOUSEHOLDS ?= 30000,300000

.PHONY: deps build test sample samples expected bench eval eval-scale fuzz province install clean

# System libraries a fresh Debian machine lacks (installed with apt-get when run as root).
deps:
	@missing=""; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	pkg-config --exists libxml-2.0 2>/dev/null || missing="$$missing libxml2-dev"; \
	pkg-config --exists zlib 2>/dev/null || missing="$$missing zlib1g-dev"; \
	pkg-config --exists sqlite3 2>/dev/null || missing="$$missing libsqlite3-dev"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q $$missing; \
	  else echo "missing system packages:$$missing (sudo apt-get install$$missing)"; exit 1; fi; \
	fi

build: deps
	$(SWIFT) build

# The tests, then the sample reconciliation checked against its reviewed expected findings and
# links (samples/expected/), as CI validates it.
TEST_RUN_DIR ?= runs/sample-verify
test: deps
	$(SWIFT) test
	$(SWIFT) build --product bidui
	rm -rf $(TEST_RUN_DIR)
	$(SWIFT) run --skip-build bidui run pipelines/sample.yaml --run-dir $(TEST_RUN_DIR) --quiet > /dev/null
	$(SWIFT) run --skip-build bidui verify $(TEST_RUN_DIR) --expected samples/expected --links

# Runs the five stages on samples/ into runs/sample/ (`bidui run`: a stage whose inputs are
# unchanged is skipped) and prints the accounting, the quality flags, the persons, the findings and
# the reports written; open runs/sample/report/summary.html.
sample: build
	$(SWIFT) run --skip-build bidui run pipelines/sample.yaml --run-dir $(RUN_DIR)

# Rewrites samples/expected/ (discrepancies.jsonl and links.csv) from a fresh sample run. Review
# `git diff samples/expected` before committing it: `make test` holds every later run to this set.
expected: build
	rm -rf $(RUN_DIR)
	$(SWIFT) run --skip-build bidui run pipelines/sample.yaml --run-dir $(RUN_DIR) --quiet > /dev/null
	cp $(RUN_DIR)/report/discrepancies.jsonl $(RUN_DIR)/report/links.csv samples/expected/
	git diff --stat samples/expected || true

# Regenerates samples/ (fictional people) from a fixed seed: bidui-synth's exports and their truth,
# and the hand-made files that cover what the generator does not (samples/handmade/).
samples: build
	rm -rf samples/学籍 samples/资助 samples/乡村振兴 samples/民政 samples/truth
	$(SWIFT) run --skip-build bidui-synth --households 100 --seed 1 --case-scale 4 --out samples --no-pipeline --truth-prefix ../samples/
	python3 samples/handmade/make_handmade.py

# Speed and peak memory of ingest: CSV at several sizes, and a 1,000,000-row, 20-column XLSX sheet
# (inline strings) plus a 200,000-row one with shared strings, both written by xlsxwriter (PyPI);
# and whole pipelines from bidui-synth at 10,000 / 100,000 / 1,000,000 households; then the normalize
# stage on ingested bidui-synth pipelines of about 100,000 and 1,000,000 rows; then the report stage on
# generated run stores of 100,000 and 500,000 findings (issue 8: 100,000 in at most 5 s, peak memory shown).
# Medians over $(BENCH_RUNS) runs; generated data is kept in bench-data/ between runs.
bench: deps
	python3 -c "import xlsxwriter" 2>/dev/null || pip install -q xlsxwriter
	$(SWIFT) build -c release --product bidui-ingest
	$(SWIFT) build -c release --product bidui-synth
	$(SWIFT) build -c release --product bidui-normalize
	$(SWIFT) build -c release --product bidui-report
	$(SWIFT) build -c release --product bidui-bench
	.build/release/bidui-bench ingest-csv --rows $(BENCH_ROWS) --runs $(BENCH_RUNS) --work-directory bench-data
	.build/release/bidui-bench ingest-xlsx --rows 1000000 --shared-rows 200000 --runs $(BENCH_RUNS) --work-directory bench-data
	.build/release/bidui-bench ingest-synth --households $(BENCH_HOUSEHOLDS) --runs $(BENCH_RUNS) --work-directory bench-data
	.build/release/bidui-bench normalize --households $(BENCH_NORMALIZE_HOUSEHOLDS) --runs $(BENCH_RUNS) --work-directory bench-data
	.build/release/bidui-bench write --rows 1000000 --runs $(BENCH_RUNS) --work-directory bench-data
	.build/release/bidui-bench report --findings 100000,500000 --runs $(BENCH_RUNS) --work-directory bench-data

# Accuracy against bidui-synth's truth on EVAL_HOUSEHOLDS households (default quirk rates): the
# match stage's blocking recall and pairwise link precision and recall, and the findings' precision
# and recall per category (failing below EVAL_MINIMUM).
EVAL_MINIMUM ?= 0.98
EVAL_HOUSEHOLDS ?= 20000
EVAL_DIR = bench-data/eval-$(EVAL_HOUSEHOLDS)
eval: deps
	$(SWIFT) build -c release --product bidui
	$(SWIFT) build -c release --product bidui-synth
	$(SWIFT) build -c release --product bidui-eval
	test -f $(EVAL_DIR)/truth/rows.csv || .build/release/bidui-synth --households $(EVAL_HOUSEHOLDS) --seed 7 --out $(EVAL_DIR)
	grep -q person_id_key $(EVAL_DIR)/pipeline.yaml || printf 'match:\n  person_id_key: person-id.key\n' >> $(EVAL_DIR)/pipeline.yaml
	.build/release/bidui ingest $(EVAL_DIR)/pipeline.yaml --run-dir $(EVAL_DIR)/run --quiet > /dev/null
	.build/release/bidui normalize $(EVAL_DIR)/pipeline.yaml --run-dir $(EVAL_DIR)/run --quiet > /dev/null
	.build/release/bidui match $(EVAL_DIR)/pipeline.yaml --run-dir $(EVAL_DIR)/run --quiet
	.build/release/bidui reconcile $(EVAL_DIR)/pipeline.yaml --run-dir $(EVAL_DIR)/run --quiet
	.build/release/bidui-eval $(EVAL_DIR)/pipeline.yaml --run-dir $(EVAL_DIR)/run --minimum $(EVAL_MINIMUM)

# Issue 17: accuracy where the users are, a large county and a province's worth: `make eval` at each of
# EVAL_SCALE_HOUSEHOLDS (bidui-synth's realistic names and quirks; data kept in bench-data/), printing
# per category precision and recall, micro F1, the pairwise links and each quirk's attachment rate.
# About 3 minutes for 200,000 households and 15 for 1,000,000 on 2 cores; not part of `make test`.
EVAL_SCALE_HOUSEHOLDS ?= 200000 1000000
eval-scale: deps
	@status=0; for n in $(EVAL_SCALE_HOUSEHOLDS); do \
	  echo "== make eval at $$n households"; \
	  $(MAKE) --no-print-directory eval EVAL_HOUSEHOLDS=$$n || status=1; \
	done; exit $$status

# Issue 10: the whole pipeline at province scale. bidui-synth writes every department's exports for
# each household count (3,000,000 households give about 9.8 million rows and 2.1 GB of files, kept in
# bench-data/ between runs), then the five stage executables run one after another, each timed with its
# peak RSS: medians of $(BENCH_RUNS) runs up to 100,000 households, $(PROVINCE_LARGE_RUNS) at 1,000,000 and more.
# Long: allow about two hours on 2 cores for the 3,000,000-household row; not part of `make test`.
PROVINCE_HOUSEHOLDS ?= 10000,100000,1000000,3000000
PROVINCE_LARGE_RUNS ?= 1
province: deps
	$(SWIFT) build -c release --product bidui-synth
	$(SWIFT) build -c release --product bidui-ingest
	$(SWIFT) build -c release --product bidui-normalize
	$(SWIFT) build -c release --product bidui-match
	$(SWIFT) build -c release --product bidui-reconcile
	$(SWIFT) build -c release --product bidui-report
	$(SWIFT) build -c release --product bidui-bench
	.build/release/bidui-bench pipeline --households $(PROVINCE_HOUSEHOLDS) --runs $(BENCH_RUNS) --large-runs $(PROVINCE_LARGE_RUNS) --work-directory bench-data

# libFuzzer (issue 10): every target in FUZZ_TARGETS for FUZZ_SECONDS each, from the committed seeds in
# fuzz/corpus/ (a scratch copy, so they do not grow); fails on any crash, timeout or memory blow-up,
# whose input lands in fuzz/artifacts/. Release build with the address sanitizer, in its own scratch
# path. A crash fixed is kept in fuzz/regressions/<target>/, which `swift test` replays.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= csv xlsx spreadsheetml html idnumber name config
FUZZ_SCRATCH ?= .build-fuzz
fuzz: deps
	$(SWIFT) build --scratch-path $(FUZZ_SCRATCH) -c release --product bidui-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DBIDUI_LIBFUZZER
	FUZZ_CORPUS_SCRATCH=$(FUZZ_SCRATCH)/corpus fuzz/run.sh $(FUZZ_SCRATCH)/release/bidui-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

install: deps
	$(SWIFT) build -c release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 .build/release/bidui .build/release/bidui-ingest .build/release/bidui-normalize .build/release/bidui-match .build/release/bidui-reconcile .build/release/bidui-report \
		.build/release/bidui-synth .build/release/bidui-eval $(DESTDIR)$(PREFIX)/bin/

clean:
	rm -rf .build runs bench-data
