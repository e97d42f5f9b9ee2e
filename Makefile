# SPDX-License-Identifier: GPL-2.0-only
# pvspec top-level Makefile.  Each room adds its rules in its own *.mk
# fragment; this file only ties the main targets together.
#
#   make                 libpvref.a (gcc)
#   make test            every unit/self test: gcc, clang, ASan+UBSan, freestanding
#   make conformance     the conformance suite against the built-in targets + report
#   make spec            spec/build/pvspec.pdf and requirements.json
#   make trace           requirement -> tests -> result traceability
#   make bench           benchmarks with peers side by side
#   make mutants         mutation testing of the reference code
#   make fuzz            libFuzzer targets (clang); make fuzz-run FUZZ_TIME=60 runs each
#
# Fragments append to:
#   TEST_TARGETS         make targets that 'make test' runs after the unit tests;
#                        each writes TAP to $(BUILD)/tests/<name>.tap
#   CONFORMANCE_TIERS    make targets that 'make conformance' runs; each writes
#                        KTAP to $(BUILD)/conformance/ktap/<tier>-<target>.ktap
#   BENCH_TARGETS        make targets that 'make bench' runs

.DEFAULT_GOAL := all
SHELL := /bin/bash

TEST_TARGETS :=
CONFORMANCE_TIERS :=
BENCH_TARGETS :=

include mk/common.mk
include $(sort $(wildcard reference/*.mk spec/*.mk conformance/*.mk conformance/*/*.mk tools/*.mk tools/*/*.mk))

UNIT_VARIANTS := gcc clang gcc-san clang-san

.PHONY: all test deps-build clean help
all: lib

deps-build:
	$(Q)scripts/deps.sh build

# Unit tests in four builds, the freestanding proof, then every fragment's
# TEST_TARGETS; the last line sums all of them.
test: deps-build
	$(Q)rm -rf $(BUILD)/tests && mkdir -p $(BUILD)/tests
	$(Q)for v in $(UNIT_VARIANTS); do \
		echo "== unit tests ($$v)"; \
		scale=1; case $$v in *-san) scale=0.1;; esac; \
		UT_SCALE=$$scale $(MAKE) --no-print-directory VARIANT=$$v unit-run \
			UNIT_TAP=$(BUILD)/tests/unit-$$v.tap || exit 1; \
	done
	$(Q)$(MAKE) --no-print-directory freestanding
	$(Q)for t in $(TEST_TARGETS); do \
		echo "== $$t"; $(MAKE) --no-print-directory $$t || exit 1; \
	done
	$(Q)scripts/test-summary.sh $(BUILD)/tests

clean:
	rm -rf $(BUILD) spec/build

help:
	@sed -n '2,/^$$/p' Makefile | sed 's/^# \{0,1\}//'
