# The aggregator's everyday commands. `make run` and `make test` are all a
# newcomer needs; see README.md.

GO      ?= go
BIN     := bin/aggregator
CONFIG  ?= config/aggregator.yaml
STATICCHECK_VERSION := v0.8.2

.PHONY: all build run demo test test-go systemd conformance lint vet eval bench fuzz clean

all: build

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/aggregator

run: build
	./$(BIN) run -config $(CONFIG)

demo: build
	./$(BIN) demo -config $(CONFIG)

# The whole test suite: static checks (vet, staticcheck), unit and end-to-end
# tests under the race detector (on SQLite and PostgreSQL), the systemd unit,
# then feed conformance with real validators and readers.
test: lint test-go systemd conformance

# Under scripts/pg.sh, so the store, pipeline and command tests run on a
# throwaway PostgreSQL as well as on SQLite (installed when missing). The
# command tests take some 8.5 minutes under -race on a loaded 2-core machine,
# near go test's default limit of 10 per package: hence -timeout.
test-go:
	bash scripts/pg.sh $(GO) test -race -count=1 -timeout 30m ./...

# Feed conformance twice: on a fixture site that exercises every feature of the
# renderer, and on the real daemon running the demo.
conformance: build
	bash scripts/conformance/run.sh
	bash scripts/conformance/daemon.sh

vet:
	$(GO) vet ./...

lint: vet
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

eval:
	$(GO) test -count=1 -run 'TestEval$$|TestEvalLanguages$$|TestStoryEval$$|TestEventSweep$$|TestBaselineEval$$' -v ./internal/tag/ ./internal/dedupe/ ./internal/story/ ./internal/pipeline/ | grep -v '^=== RUN'

# Beside a throwaway PostgreSQL, so BenchmarkRoundPostgres runs next to
# BenchmarkRound's SQLite figures.
bench:
	bash scripts/pg.sh bash scripts/bench.sh
	bash scripts/bench-fleet.sh

fuzz:
	bash scripts/fuzz.sh

clean:
	rm -rf bin out

systemd: build
	bash scripts/verify-systemd.sh
