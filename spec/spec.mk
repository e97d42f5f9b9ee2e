# SPDX-License-Identifier: GPL-2.0-only
# spec/spec.mk - the specification: PDF, requirement list, traceability,
# ballot material and the spec self-tests.
#
#   make spec                 spec/build/pvspec.pdf + spec/build/requirements.json
#   make trace                requirement -> tests -> last result
#                             (spec/build/traceability.{json,tex}; PDF rebuilt with the appendix)
#   make ballot BASE=<rev>    spec/build/ballot/: format-patch series of spec/ and the
#                             virtio-comment mail listing added/changed/withdrawn IDs
#   make spec-test            self-tests, TAP in $(BUILD)/tests/spec.tap
#
# SPEC_OUT moves the output directory (e.g. make SPEC_OUT=/tmp/me-spec spec).
# SPEC_OVERFULL_PT is the overfull box tolerance of the log check.

SPEC_OUT         ?= spec/build
SPEC_OVERFULL_PT ?= 1.0
SPEC_SRCS        := spec/pvspec.tex spec/pvspec.sty $(wildcard spec/chapters/*.tex)
SPEC_TOOLS       := spec/tools
SPEC_ABS_OUT      = $(abspath $(SPEC_OUT))
SPEC_REQS         = $(SPEC_OUT)/requirements.json
CONF_TESTS_JSON  ?= $(BUILD)/conformance/tests.json
CONF_RESULTS_JSON ?= $(BUILD)/conformance/results.json

TEST_TARGETS += spec-test

# latexmk writes everything into SPEC_OUT; TEXINPUTS lets the conformance
# chapter find the generated traceability.tex there.
define spec_pdf
	$(quiet) LATEX $(SPEC_OUT)/pvspec.pdf
	$(Q)mkdir -p $(SPEC_ABS_OUT)
	$(Q)cd spec && TEXINPUTS=".:$(SPEC_ABS_OUT):" timeout 600 latexmk $(1) -pdf -silent \
		-interaction=nonstopmode -halt-on-error -outdir=$(SPEC_ABS_OUT) pvspec.tex \
		>$(SPEC_ABS_OUT)/latexmk.out 2>&1 || \
		{ grep -A4 '^!' $(SPEC_ABS_OUT)/pvspec.log >&2 || tail -20 $(SPEC_ABS_OUT)/latexmk.out >&2; exit 1; }
	$(Q)$(PYTHON) $(SPEC_TOOLS)/check_log.py --overfull-pt $(SPEC_OVERFULL_PT) $(SPEC_OUT)/pvspec.log
	$(Q)pdftotext -layout $(SPEC_OUT)/pvspec.pdf $(SPEC_OUT)/pvspec.txt
endef

.PHONY: spec spec-reqs trace ballot spec-test deps-spec

deps-spec:
	$(Q)scripts/deps.sh spec

spec-reqs:
	$(quiet) REQS $(SPEC_REQS)
	$(Q)$(PYTHON) $(SPEC_TOOLS)/extract_reqs.py -o $(SPEC_REQS)

spec: deps-spec spec-reqs
	$(call spec_pdf)

# tests.json comes from the conformance fragment when it has the target;
# otherwise trace.py scans conformance/**/*.c for PVC_TEST itself.
trace: spec
	$(Q)if $(MAKE) -q --no-print-directory conformance-tests-json >/dev/null 2>&1; \
		[ $$? -ne 2 ]; then \
		$(MAKE) --no-print-directory conformance-tests-json || exit 1; \
		tests="--tests $(CONF_TESTS_JSON)"; \
	else tests=""; fi; \
	printf '  %-8s %s\n' TRACE $(SPEC_OUT)/traceability.json; \
	$(PYTHON) $(SPEC_TOOLS)/trace.py --reqs $(SPEC_REQS) $$tests --scan conformance \
		--results $(CONF_RESULTS_JSON) --out-json $(SPEC_OUT)/traceability.json \
		--out-tex $(SPEC_OUT)/traceability.tex
	$(call spec_pdf,-g)

ballot:
	$(Q)test -n "$(BASE)" || { echo "usage: make ballot BASE=<git rev>" >&2; exit 2; }
	$(quiet) BALLOT $(SPEC_OUT)/ballot
	$(Q)$(PYTHON) $(SPEC_TOOLS)/ballot.py --base "$(BASE)" --out $(SPEC_OUT)/ballot

spec-test: spec
	$(Q)mkdir -p $(BUILD)/tests
	$(Q)$(PYTHON) spec/tests/run_tests.py --build $(SPEC_OUT) --tap $(BUILD)/tests/spec.tap
