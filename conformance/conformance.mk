# SPDX-License-Identifier: GPL-2.0-only
# conformance/: the pvconform CLI, results and report.
#
#   make conformance            install deps, build every tier, run every target,
#                               write $(BUILD)/conformance/{results.json,junit.xml,
#                               report.html}; fails on an unexpected FAIL or ERROR
#   make conformance-report     rebuild results and report from the stored KTAP
#   make conformance-tests-json $(BUILD)/conformance/tests.json from PVC_TEST lines
#   make pvconform-selftest     self-tests of pvconform (TAP in $(BUILD)/tests)
#
# PVCONFORM_ARGS adds options to 'pvconform run', for example
#   make conformance PVCONFORM_ARGS="--group qemu --jobs 2"
#
# Tier fragments append the make targets that build what their cfg
# commands run to CONFORMANCE_TIERS (conformance/inproc.mk, guest, kvm,
# vhost, ...).  They are expanded in the recipe, after every fragment has
# been read.  A tier whose build fails does not stop the run: its targets
# report ERROR "command not found (not built?)" and the run fails.

PVCONFORM      := conformance/pvconform
CONF_OUT       := $(BUILD)/conformance
CONF_TESTS     := $(CONF_OUT)/tests.json
PVCONFORM_ARGS ?=

.PHONY: conformance conformance-build conformance-report conformance-tests-json \
	pvconform-selftest

conformance-build:
	$(Q)scripts/deps.sh build qemu dpdk
	$(Q)failed=""; for t in $(sort $(CONFORMANCE_TIERS)); do \
		echo "== build $$t"; \
		$(MAKE) --no-print-directory $$t || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then \
		echo "conformance: build failed for:$$failed (their targets will report ERROR)" >&2; \
	fi

conformance: conformance-build
	$(Q)$(PYTHON) conformance/lib/extract_tests.py --out $(CONF_TESTS) || \
		echo "conformance: problems in PVC_TEST declarations (listed above)" >&2
	$(Q)$(PYTHON) $(PVCONFORM) run --out $(CONF_OUT) $(PVCONFORM_ARGS)

conformance-report:
	$(Q)$(PYTHON) $(PVCONFORM) report --out $(CONF_OUT)

conformance-tests-json:
	$(Q)$(PYTHON) conformance/lib/extract_tests.py --out $(CONF_TESTS)

pvconform-selftest:
	@mkdir -p $(BUILD)/tests
	$(Q)set -o pipefail; $(PYTHON) conformance/tests/pvconform/run_selftests.py \
		--tap $(BUILD)/tests/pvconform.tap | grep -v '^ok '

TEST_TARGETS += pvconform-selftest
